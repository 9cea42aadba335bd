# Pinned versions of the end-to-end tools (sourced). code-server 4.139 requires Node 24.
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0

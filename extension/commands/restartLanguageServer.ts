import { reportFailure } from '../output';
import { requireTrust } from '../trust';
import { CommandFactory } from './index';

export const restartLanguageServer: CommandFactory = (_ctx, state) => async () => {
	if (!requireTrust()) {
		return;
	}
	try {
		await state.client.restart();
		state.output.info('Language server restarted.');
	} catch (err) {
		reportFailure(state.output, 'restart the Go Redefine language server', err);
	}
};

/** Whether a TCP port takes connections: 'connected', or the error code (ECONNREFUSED...). */
import {connect} from 'node:net';

export async function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
	return new Promise(resolve => {
		const socket = connect(port, host);
		socket.once('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code ?? error.message);
		});
	});
}

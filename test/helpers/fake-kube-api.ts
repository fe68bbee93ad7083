/**
 * A stand-in Kubernetes API server for kubectl tests: HTTPS on 127.0.0.1 (kubectl sends
 * credentials only over TLS) with a throwaway certificate from openssl, answering `GET /api`
 * and recording each request's Authorization header. `accept` decides which bearer tokens pass;
 * others get 401, as an API server answers a token it cannot validate.
 */
import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {createServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {promisify} from 'node:util';
import {makeTempDir} from './temp-dirs.js';

const run = promisify(execFile);

export interface FakeKubeApi {
	url: string;
	/** PEM of the server's certificate, for certificate-authority-data. */
	certificate: Buffer;
	/** Authorization headers in the order they came. */
	seen: string[];
	close(): Promise<void>;
}

export async function startFakeKubeApi(openssl: string, accept: (authorization: string) => boolean = () => true): Promise<FakeKubeApi> {
	const directory = await makeTempDir('msid-kube-api-');
	await run(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
		'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(directory, 'key.pem'), '-out', path.join(directory, 'cert.pem')]);
	const certificate = await readFile(path.join(directory, 'cert.pem'));
	const seen: string[] = [];
	const server = createServer({key: await readFile(path.join(directory, 'key.pem')), cert: certificate}, (request, response) => {
		const authorization = request.headers.authorization ?? '';
		seen.push(authorization);
		if (!accept(authorization)) {
			response.writeHead(401, {'content-type': 'application/json'});
			response.end('{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
			return;
		}

		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `https://127.0.0.1:${port}`,
		certificate,
		seen,
		close: async () => new Promise(resolve => {
			server.close(() => {
				resolve();
			});
			server.closeAllConnections();
		}),
	};
}

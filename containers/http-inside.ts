/**
 * An HTTP GET made from inside a container, over the stack's network, so a test sees what
 * another service sees (its DNS: the NAME.localhost aliases). bash's /dev/tcp needs no curl,
 * which the Debian-based local images do not carry.
 */
import type { StartedTestContainer } from 'testcontainers';

export interface InsideResponse {
  status: number;
  body: string;
}

export async function httpGetInside(container: StartedTestContainer, url: string): Promise<InsideResponse> {
  const { hostname, port, pathname, search, protocol } = new URL(url);
  if (protocol !== 'http:') throw new Error(`httpGetInside speaks plain HTTP only (got ${url})`);
  const request = `GET ${pathname}${search} HTTP/1.0\\r\\nHost: ${hostname}:${port || 80}\\r\\nAccept: application/json\\r\\n\\r\\n`;
  // HTTP/1.0: the server closes the connection after one unchunked answer.
  const script = `exec 3<>/dev/tcp/${hostname}/${port || 80} && printf '${request}' >&3 && cat <&3`;
  const { exitCode, output } = await container.exec(['bash', '-c', script]);
  const match = /^HTTP\/1\.[01] (\d{3})[^\n]*\n([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(output);
  if (exitCode !== 0 || !match) throw new Error(`GET ${url} from inside container ${container.getName()} failed (exit ${exitCode}): ${output.slice(0, 200)}`);
  return { status: Number(match[1]), body: match[3]! };
}

// Human messages for connection failures: what happened, the last stderr lines for stdio servers,
// and what to do. Header values never appear here (they are not part of any SDK error message).
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { errorMessage } from '../core/errors';
import type { ChildExit } from './connection';
import { authRequiredCause, httpStatusOf } from './errors';

const MAX_LINE = 300;

function stderrSuffix(tail: string[]): string {
  const lines = tail.map((line) => line.trimEnd()).filter((line) => line !== '');
  if (lines.length === 0) return '';
  return ` Last stderr: ${lines.map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line)).join('\n')}`;
}

/** `"everything" exited with code 1. Last stderr: ...` */
export function describeExit(server: string, exit: ChildExit | undefined, tail: string[]): string {
  let what: string;
  if (!exit) what = `"${server}" closed its stdio connection`;
  else if (exit.signal) what = `"${server}" was killed by ${exit.signal}`;
  else what = `"${server}" exited with code ${exit.code ?? 'unknown'}`;
  return `${what}.${stderrSuffix(tail)}`;
}

export function describeConnectFailure(server: string, error: unknown, exit: ChildExit | undefined, tail: string[]): string {
  const authRequired = authRequiredCause(error);
  if (authRequired) return authRequired.message;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return `Could not start "${server}": the command was not found. Check the command and PATH.`;
  if (code === 'EACCES') return `Could not start "${server}": the command is not executable. Check its permissions.`;
  if (exit) return `${describeExit(server, exit, tail)} Check the server's command, arguments and environment.`;
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) return `"${server}" refused the connection (HTTP ${status}); check its credentials.`;
  if (status !== undefined) return `"${server}" answered HTTP ${status} while connecting; check the URL.${stderrSuffix(tail)}`;
  if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
    return `"${server}" did not finish the MCP handshake in time; check that it is an MCP server and that it starts.${stderrSuffix(tail)}`;
  }
  if (isConnectionLoss(error)) return `Could not reach "${server}": ${networkReason(error)}. Check that the server is running and the URL is right.`;
  return `Could not connect to "${server}": ${errorMessage(error)}.${stderrSuffix(tail)}`;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return `${errorMessage(error)} (${cause.code})`;
  return errorMessage(error);
}

/** Transport errors that mean the HTTP / SSE connection to the server is gone. */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof TypeError) return true; // fetch failed
  if (error instanceof Error && error.name === 'SseError') return true;
  const text = errorMessage(error);
  return /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|SSE stream disconnected|Failed to reconnect|Maximum reconnection attempts/i.test(text);
}

/**
 * In-process clients (the Anthropic SDK, and the tests' own fetch calls) use the undici this
 * project depends on rather than the one bundled with Node 20 (6.x), whose fetch, after an
 * abort in the middle of a streamed answer, leaves the socket open (still open 3.5 s later here): the proxy
 * then cannot see that the client left, where a client in its own process closes its socket.
 * The proxy never uses global fetch, and no longer loads undici's package index, which used
 * to install its dispatcher for global fetch as a side effect.
 */
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent());

// undici's Agent on its own (the relay of passthrough.ts needs nothing else from undici: importing
// the package root would load fetch, WebSocket, caches and mocks too, twice the code). The
// version is pinned in package.json; test/integration/hubPassthrough.test.ts covers the path.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';

  const AgentClass: typeof Agent;
  export default AgentClass;
}

// securitySchemes (OpenAPI 3) / securityDefinitions (Swagger 2) -> auth configurations the UI and
// CLI can offer. Only the shape is suggested here; secrets come later from the user.
import { isRecord } from './schema';
import type { LoadedSpec, OAuthFlowInfo, SecuritySchemeInfo, SuggestedAuth } from './types';

type Source = Record<string, unknown>;

export function securitySchemes(spec: LoadedSpec): SecuritySchemeInfo[] {
  const document = spec.document;
  const components = isRecord(document.components) ? document.components : {};
  const raw = spec.dialect === 'swagger-2.0' ? document.securityDefinitions : components.securitySchemes;
  if (!isRecord(raw)) return [];
  return Object.entries(raw)
    .filter((entry): entry is [string, Source] => isRecord(entry[1]))
    .map(([name, scheme]) => ({
      name,
      type: typeof scheme.type === 'string' ? scheme.type : 'unknown',
      ...(typeof scheme.description === 'string' ? { description: scheme.description } : {}),
      suggested: suggest(scheme),
    }));
}

const FLOW_NAMES: Record<string, OAuthFlowInfo['flow']> = {
  implicit: 'implicit',
  password: 'password',
  clientCredentials: 'clientCredentials',
  authorizationCode: 'authorizationCode',
  // Swagger 2 names
  application: 'clientCredentials',
  accessCode: 'authorizationCode',
};

const OAUTH_NOTE = 'OAuth2: connect it with the hub\'s OAuth2 auth; the executor then sends the access token as a bearer token.';

function suggest(scheme: Source): SuggestedAuth {
  const type = scheme.type;
  if (type === 'apiKey') {
    const location = scheme.in;
    if ((location === 'header' || location === 'query' || location === 'cookie') && typeof scheme.name === 'string') {
      return { kind: 'apiKey', in: location, name: scheme.name };
    }
    return { kind: 'unsupported', reason: `apiKey scheme without a valid "in" (${String(location)}) and "name"` };
  }
  if (type === 'basic') return { kind: 'basic' };
  if (type === 'http') {
    const httpScheme = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
    if (httpScheme === 'bearer') return { kind: 'bearer', ...(typeof scheme.bearerFormat === 'string' ? { bearerFormat: scheme.bearerFormat } : {}) };
    if (httpScheme === 'basic') return { kind: 'basic' };
    return { kind: 'unsupported', reason: `HTTP auth scheme "${httpScheme}" is not supported; use an API key header instead if the API allows it` };
  }
  if (type === 'oauth2') return { kind: 'oauth2', flows: oauthFlows(scheme), note: OAUTH_NOTE };
  if (type === 'openIdConnect' && typeof scheme.openIdConnectUrl === 'string') {
    return { kind: 'openIdConnect', openIdConnectUrl: scheme.openIdConnectUrl, note: OAUTH_NOTE };
  }
  return { kind: 'unsupported', reason: `security scheme type "${String(type)}" is not supported (e.g. mutualTLS)` };
}

function oauthFlows(scheme: Source): OAuthFlowInfo[] {
  const flows: Array<[string, Source]> = isRecord(scheme.flows)
    ? Object.entries(scheme.flows).filter((entry): entry is [string, Source] => isRecord(entry[1]))
    : typeof scheme.flow === 'string'
      ? [[scheme.flow, scheme]]
      : [];
  const out: OAuthFlowInfo[] = [];
  for (const [name, flow] of flows) {
    const kind = FLOW_NAMES[name];
    if (!kind) continue;
    out.push({
      flow: kind,
      ...(typeof flow.authorizationUrl === 'string' ? { authorizationUrl: flow.authorizationUrl } : {}),
      ...(typeof flow.tokenUrl === 'string' ? { tokenUrl: flow.tokenUrl } : {}),
      ...(typeof flow.refreshUrl === 'string' ? { refreshUrl: flow.refreshUrl } : {}),
      scopes: isRecord(flow.scopes) ? Object.keys(flow.scopes) : [],
    });
  }
  return out;
}

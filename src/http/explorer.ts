/**
 * The local explorer (issue 14 item 6): GraphiQL served by the app from its own npm packages
 * (graphiql 3, react 18 and react-dom 18, their prebuilt browser files read from node_modules), so
 * it works behind a county firewall with no internet: nothing on the page comes from anywhere but
 * this server, and the Content-Security-Policy forbids anything else. Replaces Apollo's landing
 * page (Apollo Sandbox, which loads from the internet).
 *
 * `GET /explorer` (and a browser's `GET /graphql`, redirected here). On in development; in
 * production off unless EXPLORER=on, and then the page only talks to the API with a staff token
 * typed into it: introspection (what the explorer reads the schema with) is answered only for
 * staff principals there (`introspectionForStaff`), and every query is checked as ever.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from 'graphql';
import type { RequestContext } from '../graphql/context';
import { ErrorCode } from '../shared/errors';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** The prebuilt browser files, by the name the page asks for. */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.production.min.js': { file: () => path.join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { file: () => path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

/** Same-origin only: scripts, styles, fonts and requests from this server, nothing else. */
export const EXPLORER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PAGE = (production: boolean) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL 调试台 · Explorer</title>
<link rel="stylesheet" href="/explorer/assets/graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
  body { display: flex; flex-direction: column; }
  #credentials { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; background: #f3f5f7; border-bottom: 1px solid #d0d7de; font-size: 13px; }
  #credentials label { display: flex; gap: 6px; align-items: center; }
  #credentials input { width: 28em; font-family: monospace; }
  #credentials .help { color: #57606a; flex-basis: 100%; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body data-production="${production ? 'true' : 'false'}">
<form id="credentials" autocomplete="off">
  <label>令牌 Token <input id="token" name="token" type="password" placeholder="npm run token -- --township 350421100"></label>
  <label>合作方密钥 X-Api-Key <input id="apiKey" name="apiKey" type="password" placeholder="pk_…"></label>
  <button type="submit">使用 Apply</button>
  <span class="help">工作人员令牌：开发环境用 <code>npm run token -- --department CIVIL_AFFAIRS</code> 或 <code>--township 350421100</code> 生成，粘贴到“令牌”（自动加 Bearer）；合作方用首次启动时打印的演示密钥或 createPartnerApiKey 生成的密钥。只保存在本浏览器标签页（sessionStorage）。
  Staff: paste the token of <code>npm run token</code> (Bearer is added); partners: the demo key printed at first start or one from createPartnerApiKey. Kept in this browser tab only.${production ? ' 生产环境：需工作人员令牌才能读取接口说明。 Production: a staff token is needed to read the schema.' : ''}</span>
</form>
<div id="graphiql">载入中 Loading…</div>
<script src="/explorer/assets/react.production.min.js"></script>
<script src="/explorer/assets/react-dom.production.min.js"></script>
<script src="/explorer/assets/graphiql.min.js"></script>
<script src="/explorer/assets/explorer.js"></script>
</body>
</html>
`;

/** The page's own script (served as a file: the CSP allows no inline script). */
const CLIENT = `(function () {
  'use strict';
  var store = window.sessionStorage;
  var token = document.getElementById('token');
  var apiKey = document.getElementById('apiKey');
  token.value = store.getItem('explorer.token') || '';
  apiKey.value = store.getItem('explorer.apiKey') || '';
  function headers() {
    var h = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var t = token.value.trim();
    if (t) h.authorization = /^bearer\\s/i.test(t) ? t : 'Bearer ' + t;
    var k = apiKey.value.trim();
    if (k) h['x-api-key'] = k;
    return h;
  }
  function fetcher(params) {
    return fetch('/graphql', { method: 'POST', headers: headers(), body: JSON.stringify(params), credentials: 'omit' })
      .then(function (r) { return r.json(); });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var generation = 0;
  function render() {
    generation += 1; // a new key: GraphiQL reads the schema again with the new credentials
    root.render(React.createElement(GraphiQL, { key: generation, fetcher: fetcher, defaultEditorToolsVisibility: true,
      defaultQuery: '# 先在上方填入令牌，然后运行 Paste a token above, then run:\\nquery { viewer { kind role operations } }\\n' }));
  }
  document.getElementById('credentials').addEventListener('submit', function (e) {
    e.preventDefault();
    store.setItem('explorer.token', token.value.trim());
    store.setItem('explorer.apiKey', apiKey.value.trim());
    render();
  });
  render();
})();
`;

export function explorerRouter(opts: { production: boolean }): Router {
  const router = Router();
  const page = PAGE(opts.production);
  const security = { 'content-security-policy': EXPLORER_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  router.get('/explorer', (_req, res) => {
    res.set({ ...security, 'cache-control': 'no-store' }).type('html').send(page);
  });
  router.get('/explorer/assets/explorer.js', (_req, res) => {
    res.set(security).type('text/javascript').send(CLIENT);
  });
  router.get('/explorer/assets/:name', (req, res, next) => {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return next();
    // The files of the installed packages; they change only with the package versions.
    res.set({ ...security, 'cache-control': 'public, max-age=3600' }).type(asset.type);
    fs.createReadStream(asset.file()).on('error', next).pipe(res);
  });
  return router;
}

/** Root field names, through inline fragments and fragment spreads (each fragment once). */
function rootFieldNames(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFieldNames(s.selectionSet, fragments, seen);
    const f = fragments.get(s.name.value);
    if (!f || seen.has(f.name.value)) return [];
    seen.add(f.name.value);
    return rootFieldNames(f.selectionSet, fragments, seen);
  });
}

/**
 * Production with the explorer on: introspection (`__schema`, `__type` at the root) only for staff
 * (department or township tokens). Elsewhere nothing changes: development answers introspection
 * to anyone, production without the explorer to no one (Apollo's `introspection: false`).
 */
export function introspectionForStaff(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const op = rc.operation;
          if (!op) return;
          const fragments = new Map(rc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
          const introspects = rootFieldNames(op.selectionSet, fragments).some((n) => n === '__schema' || n === '__type');
          const staff = rc.contextValue.principal.kind === 'DEPARTMENT' || rc.contextValue.principal.kind === 'TOWNSHIP';
          if (!introspects || staff) return;
          const anonymous = rc.contextValue.principal.kind === 'ANONYMOUS';
          throw new GraphQLError(anonymous ? 'Sign in with a staff token to read the schema' : 'Only staff read the schema', {
            extensions: { code: anonymous ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, http: { status: anonymous ? 401 : 403 } },
          });
        },
      };
    },
  };
}

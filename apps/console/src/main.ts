import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, forgetKey, get, Principal, storedKey, storeKey } from './api';
import { label, loadLabels } from './labels';
import { AlertsPage } from './pages/alerts';
import { CasesPage } from './pages/cases';
import { CataloguePage } from './pages/catalogue';
import { OperationsPage } from './pages/operations';
import { OverviewPage } from './pages/overview';
import { SupervisionPage } from './pages/supervision';
import './style.css';
import { ErrorBox, html, TextInput } from './ui';

type Role = Principal['role'];

interface Route {
  path: string;
  title: string;
  roles: readonly Role[];
  page: (props: { me: Principal; params: URLSearchParams }) => unknown;
}

/** The pages, in the order of the menu, with the roles whose keys can read what they show. */
const ROUTES: readonly Route[] = [
  { path: '/', title: '总览', roles: ['supervisor', 'investigator', 'department'], page: OverviewPage },
  { path: '/alerts', title: '红黄牌', roles: ['supervisor', 'investigator', 'department'], page: AlertsPage },
  {
    path: '/catalogue',
    title: '职权目录',
    roles: ['admin', 'reviewer', 'supervisor', 'investigator', 'department'],
    page: CataloguePage,
  },
  { path: '/operations', title: '权力运行', roles: ['supervisor', 'investigator', 'department'], page: OperationsPage },
  {
    path: '/supervision',
    title: '投诉举报 / 查访 / 整改',
    roles: ['supervisor', 'investigator', 'department'],
    page: SupervisionPage,
  },
  { path: '/cases', title: '责任追究', roles: ['supervisor', 'investigator', 'department'], page: CasesPage },
];

/** The route in the URL's hash: #/alerts?level=red → { path: '/alerts', params }. */
function useHashRoute(): { path: string; params: URLSearchParams } {
  const read = () => {
    const [path, search] = (location.hash.slice(1) || '/').split('?');
    return { path, params: new URLSearchParams(search ?? '') };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => setRoute(read());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function SignIn({ onSignedIn }: { onSignedIn: (me: Principal) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    storeKey(key.trim());
    try {
      onSignedIn(await get<Principal>('/v1/me'));
    } catch (e) {
      forgetKey();
      setError(
        e instanceof ApiError && e.problem.status === 401
          ? new Error('密钥无效或已撤销。请使用管理员签发的 API 密钥（psk_ 开头）。')
          : (e as Error),
      );
    }
  };
  return html`<main class="signin">
    <form onSubmit=${submit}>
      <h1>规范行政权力运行监督平台</h1>
      <p class="muted">以 API 密钥登录。密钥只保存在本浏览器标签页中，关闭即失效。</p>
      <${TextInput} name="key" type="password" value=${key} onChange=${setKey} placeholder="psk_…" />
      <button type="submit" class="primary" disabled=${key.trim() === ''}>登录</button>
      <${ErrorBox} error=${error} />
    </form>
  </main>`;
}

function Shell({ me, onSignOut }: { me: Principal; onSignOut: () => void }) {
  const route = useHashRoute();
  const allowed = ROUTES.filter((r) => r.roles.includes(me.role));
  const current = allowed.find((r) => r.path === route.path) ?? allowed[0];
  useEffect(() => {
    document.title = `${current?.title ?? ''} · 规范行政权力运行监督平台`;
  }, [current]);
  return html`<div class="shell">
    <nav class="sidebar">
      <div class="brand">权力运行监督</div>
      ${allowed.map(
        (r) => html`<a href=${`#${r.path}`} class=${r === current ? 'active' : ''} data-page=${r.path}>${r.title}</a>`,
      )}
      <div class="whoami">
        <div>${label('actorRole', me.role)}${me.department ? ` · ${me.department}` : ''}</div>
        <button class="link" onClick=${onSignOut}>退出</button>
      </div>
    </nav>
    <main class="content">
      ${
        current
          ? html`<${current.page} me=${me} params=${route.params} key=${current.path} />`
          : html`<p>此密钥的角色没有可查看的页面。</p>`
      }
    </main>
  </div>`;
}

function App() {
  const [me, setMe] = useState<Principal | null | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    loadLabels()
      .then(() => (storedKey() ? get<Principal>('/v1/me') : null))
      .then(setMe, (e: Error) => {
        if (e instanceof ApiError && e.problem.status === 401) {
          forgetKey();
          setMe(null);
        } else setError(e);
      });
  }, []);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (me === undefined) return html`<div class="loading">加载中…</div>`;
  if (me === null) return html`<${SignIn} onSignedIn=${setMe} />`;
  return html`<${Shell}
    me=${me}
    onSignOut=${() => {
      forgetKey();
      location.hash = '#/';
      setMe(null);
    }}
  />`;
}

render(html`<${App} />`, document.getElementById('app')!);

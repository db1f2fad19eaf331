import { type FormEvent, useCallback, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { loadMunicipalities, loadMunicipality, type Municipality, type MunicipalityView, NotFound, type PublicMeasure } from './api.ts';
import { PublicMap } from './PublicMap.tsx';
import { StatisticsSection } from './StatisticsSection.tsx';
import { labelOf, type PublicKey, type PublicLang, publicText } from './sentences.ts';
import { dateLabel, latest, municipalityFromPath, pathFor } from './view.ts';

const LOCALE_KEY = 'lagesbild.locale';

function initialLang(): PublicLang {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

const subscribe = (l: () => void) => {
  window.addEventListener('popstate', l);
  return () => window.removeEventListener('popstate', l);
};
const usePathname = () => useSyncExternalStore(subscribe, () => window.location.pathname);

function navigate(path: string) {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

type Loaded = { state: 'idle' } | { state: 'loading' } | { state: 'error'; notFound: boolean } | { state: 'ready'; view: MunicipalityView };

/** The public page /offentlig[/:municipalityCode]: no login, only what the public endpoints return. */
export function PublicApp() {
  const [lang, setLang] = useState<PublicLang>(initialLang);
  const t = useCallback((k: PublicKey, p?: Record<string, string | number>) => publicText(lang, k, p), [lang]);
  const code = municipalityFromPath(usePathname());
  const [municipalities, setMunicipalities] = useState<Municipality[] | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('page.title')} – Lägesbild`;
  }, [lang, t]);

  useEffect(() => {
    loadMunicipalities().then(setMunicipalities, () => setMunicipalities([]));
  }, []);

  useEffect(() => {
    if (code === null || code === 'invalid') {
      setLoaded(code === 'invalid' ? { state: 'error', notFound: true } : { state: 'idle' });
      return;
    }
    let current = true;
    setLoaded({ state: 'loading' });
    loadMunicipality(code).then(
      (view) => current && setLoaded({ state: 'ready', view }),
      (e) => current && setLoaded({ state: 'error', notFound: e instanceof NotFound }),
    );
    return () => {
      current = false;
    };
  }, [code]);

  const switchLang = () => {
    const next = lang === 'sv' ? 'en' : 'sv';
    setLang(next);
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Private browsing without storage: the choice lasts for this page view.
    }
  };

  return (
    <>
      <a className="pv-skip" href="#main">
        {t('skip.main')}
      </a>
      <header className="pv-header">
        <div className="pv-wrap pv-header-row">
          <p className="pv-brand">Lägesbild</p>
          <button type="button" lang={lang === 'sv' ? 'en' : 'sv'} title={t('lang.switchLabel')} onClick={switchLang}>
            {t('lang.switch')}
          </button>
        </div>
      </header>
      <main id="main" className="pv-wrap" tabIndex={-1}>
        <h1>{t('page.title')}</h1>
        <p className="pv-lede">{t('page.lede')}</p>
        <MunicipalityPicker lang={lang} list={municipalities} current={code === 'invalid' ? null : code} />
        {loaded.state === 'idle' && <p>{t('municipality.none')}</p>}
        {loaded.state === 'loading' && <p aria-live="polite">{t('loading')}</p>}
        {loaded.state === 'error' && <p role="alert">{loaded.notFound ? t('municipality.unknown', { code: String(code) }) : t('error.load')}</p>}
        {loaded.state === 'ready' && <MunicipalityContent view={loaded.view} lang={lang} />}
      </main>
      <footer className="pv-footer">
        <div className="pv-wrap">
          <p>{t('footer.privacy')}</p>
        </div>
      </footer>
    </>
  );
}

function MunicipalityPicker({ lang, list, current }: { lang: PublicLang; list: Municipality[] | null; current: string | null }) {
  const id = useId();
  const [choice, setChoice] = useState(current ?? '');
  useEffect(() => setChoice(current ?? ''), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (choice) navigate(pathFor(choice));
  };
  const t = (k: PublicKey) => publicText(lang, k);
  return (
    <form className="pv-picker" onSubmit={submit}>
      <label htmlFor={id}>{t('municipality.label')}</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!list}>
        <option value="">{t('municipality.choose')}</option>
        {list?.map((m) => (
          <option key={m.code} value={m.code}>
            {m.name}
            {m.hasContent ? ` ${t('municipality.hasContent')}` : ''}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={!choice}>
        {t('municipality.show')}
      </button>
    </form>
  );
}

function MunicipalityContent({ view, lang }: { view: MunicipalityView; lang: PublicLang }) {
  const t = (k: PublicKey, p?: Record<string, string | number>) => publicText(lang, k, p);
  const updated = latest(...view.pictures.map((p) => p.lastUpdated), view.measures.lastUpdated, view.statistics.lastUpdated);
  const features = view.pictures.flatMap((p) => p.layers.flatMap((l) => l.features.features));
  const sources = [...new Set([...view.pictures.map((p) => p.source), view.measures.source, view.statistics.source, view.municipality.source])];
  return (
    <>
      <h2 className="pv-municipality">{view.municipality.name}</h2>
      <p className="pv-updated">{updated ? t('updated', { when: dateLabel(updated, lang, true) }) : t('updated.never')}</p>
      <section aria-labelledby="info-heading" className="pv-section">
        <h2 id="info-heading">{t('info.heading')}</h2>
        {features.length === 0 ? (
          <p>{t('info.none')}</p>
        ) : (
          <ul className="pv-cards">
            {features.map((f) => (
              <li key={f.id} className="pv-card">
                <h3>{f.properties.title || '–'}</h3>
                {f.properties.description && <p>{f.properties.description}</p>}
                {f.properties.validUntil && <p className="pv-meta">{t('info.validUntil', { date: dateLabel(f.properties.validUntil, lang) })}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="measures-heading" className="pv-section">
        <h2 id="measures-heading">{t('measures.heading')}</h2>
        {view.measures.items.length === 0 ? (
          <p>{t('measures.none')}</p>
        ) : (
          <ul className="pv-cards">
            {view.measures.items.map((m) => (
              <MeasureCard key={m.id} m={m} lang={lang} />
            ))}
          </ul>
        )}
      </section>
      <StatisticsSection statistics={view.statistics} name={view.municipality.name} lang={lang} />
      <PublicMap view={view} lang={lang} />
      <section aria-labelledby="source-heading" className="pv-section">
        <h2 id="source-heading">{t('source.heading')}</h2>
        <ul>
          {sources.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>
    </>
  );
}

function MeasureCard({ m, lang }: { m: PublicMeasure; lang: PublicLang }) {
  const t = (k: PublicKey, p?: Record<string, string | number>) => publicText(lang, k, p);
  const from = dateLabel(m.startsAt, lang);
  const planned = m.progress.planned;
  const done = m.progress.delivered;
  const unit = planned ? labelOf(lang, 'unit', planned.unit) : '';
  const progressId = `progress-${m.id}`;
  return (
    <li className="pv-card">
      <h3>{m.title}</h3>
      <p className="pv-meta">
        <span className={`pv-status pv-status-${m.status}`}>{labelOf(lang, 'status', m.status)}</span> · {labelOf(lang, 'kind', m.kind)} ·{' '}
        {m.endsAt ? t('measures.period', { from, to: dateLabel(m.endsAt, lang) }) : t('measures.periodOpen', { from })}
      </p>
      {m.publicText && <p>{m.publicText}</p>}
      {planned && planned.per === 'total' ? (
        <p>
          <label htmlFor={progressId}>{t('measures.progress', { done, planned: planned.amount, unit })}</label>
          <progress id={progressId} max={planned.amount} value={Math.min(done, planned.amount)} />
        </p>
      ) : planned ? (
        <p>{t('measures.progressPer', { planned: planned.amount, unit, per: labelOf(lang, 'per', planned.per), done })}</p>
      ) : (
        <p>{t('measures.progressNone', { done })}</p>
      )}
    </li>
  );
}

/**
 * Data the sales pages share and read often: the pipelines, the custom field
 * definitions, and the names of records a page shows only by id (a deal's account).
 * Kept briefly per sign-in; an administrator's save replaces them at once.
 */
import { api } from './api';
import type { CustomFieldSettings } from './custom-fields';
import { h } from './dom';
import { href } from './router';
import { contactName } from './values';
import type { Pipeline, PipelineSettings, SettingsDocument, Stage } from './views/records';

const TTL_MS = 30_000;
interface Cached<T> {
  value: Promise<T>;
  until: number;
}
let pipelineCache: Cached<SettingsDocument<PipelineSettings>> | null = null;
let customCache: Cached<SettingsDocument<CustomFieldSettings>> | null = null;
const names = new Map<string, Promise<string | null>>();

export function forgetSalesData(): void {
  pipelineCache = null;
  customCache = null;
  names.clear();
}

function cached<T>(current: Cached<T> | null, load: () => Promise<T>, set: (c: Cached<T> | null) => void): Promise<T> {
  if (current && current.until > Date.now()) return current.value;
  const value = load();
  set({ value, until: Date.now() + TTL_MS });
  value.catch(() => set(null));
  return value;
}

export const loadPipelines = (): Promise<SettingsDocument<PipelineSettings>> =>
  cached(pipelineCache, () => api<SettingsDocument<PipelineSettings>>('GET', '/pipelines'), (c) => (pipelineCache = c));
export const setPipelines = (doc: SettingsDocument<PipelineSettings>) => (pipelineCache = { value: Promise.resolve(doc), until: Date.now() + TTL_MS });

export const loadCustomFields = (): Promise<SettingsDocument<CustomFieldSettings>> =>
  cached(customCache, () => api<SettingsDocument<CustomFieldSettings>>('GET', '/custom-fields'), (c) => (customCache = c));
export const setCustomFields = (doc: SettingsDocument<CustomFieldSettings>) => (customCache = { value: Promise.resolve(doc), until: Date.now() + TTL_MS });

/** The definitions of one record type; none when they cannot be read (the record still shows). */
export async function customDefinitions(type: keyof CustomFieldSettings) {
  try {
    return (await loadCustomFields()).settings[type] ?? [];
  } catch {
    return [];
  }
}

export function findPipeline(settings: PipelineSettings, pipelineId: string | undefined): Pipeline | undefined {
  return settings.pipelines.find((p) => p.pipelineId === (pipelineId ?? settings.defaultPipelineId));
}

export function findStage(settings: PipelineSettings, pipelineId: string, stageId: string): Stage | undefined {
  return findPipeline(settings, pipelineId)?.stages.find((s) => s.stageId === stageId);
}

export const stageLabel = (settings: PipelineSettings | null, pipelineId: string, stageId: string) =>
  (settings && findStage(settings, pipelineId, stageId)?.name) ?? stageId;

const PATHS: Record<string, string> = { lead: '/leads', contact: '/contacts', account: '/accounts', opportunity: '/opportunities' };
export const recordHref = (type: string, id: string): string | null => (PATHS[type] ? href(`${PATHS[type]}/${encodeURIComponent(id)}`) : null);

/** The display name of a lead, contact, account or deal by id; null when it cannot be read. */
export function recordName(type: string, id: string): Promise<string | null> {
  const key = `${type}:${id}`;
  let pending = names.get(key);
  if (!pending) {
    const path = PATHS[type];
    pending = path
      ? api<Record<string, unknown>>('GET', `${path}/${encodeURIComponent(id)}`).then(
          (r) => (type === 'lead' || type === 'contact' ? contactName(r as { firstName?: string; lastName: string }) : String(r.name ?? id)),
          () => null,
        )
      : Promise.resolve(null);
    names.set(key, pending);
  }
  return pending;
}

export function rememberName(type: string, id: string, name: string): void {
  names.set(`${type}:${id}`, Promise.resolve(name));
}

/** A link to a record that shows its name once known ("…" until then, the fallback if it cannot be read). */
export function recordLink(type: string, id: string, fallback = 'Open'): HTMLElement {
  const link = recordHref(type, id);
  const el = link ? h('a', { href: link }, '…') : h('span', null, fallback);
  void recordName(type, id).then((name) => (el.textContent = name ?? fallback));
  return el;
}

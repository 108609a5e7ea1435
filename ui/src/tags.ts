/** Tags on leads, contacts, accounts and deals: links to the filtered list, and the tag cloud as filter options. */
import { api } from './api';
import { h, type Child } from './dom';
import { href } from './router';

export const tagLinks = (list: string, tags: string[] | undefined): Child =>
  tags?.length ? h('ul', { class: 'tags', 'aria-label': 'Tags' }, tags.map((t) => h('li', null, h('a', { class: 'tag', href: href(list, { tag: t }) }, t)))) : null;

/** The tags of a record type, most used first, as list filter options ("emea (12)"). */
export async function tagOptions(type: 'lead' | 'contact' | 'account' | 'opportunity'): Promise<{ value: string; label: string }[]> {
  const cloud = await api<{ items: { tag: string; count: number }[] }>('GET', `/tags/${type}`);
  return cloud.items.map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` }));
}

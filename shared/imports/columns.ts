/**
 * What a CSV column can be imported into, and the field a header most likely names
 * ("E-mail Address" → email, "Organisation" → company), custom fields by key or label.
 */
import type { CustomFieldDefinition } from '../sales/custom-fields';
import type { ImportEntity, ImportTarget } from './schemas';

const BUILT_IN: Record<ImportEntity, { field: string; label: string; required?: boolean; aliases: string[] }[]> = {
  leads: [
    { field: 'firstName', label: 'First name', aliases: ['first', 'given name', 'forename'] },
    { field: 'lastName', label: 'Last name', required: true, aliases: ['last', 'surname', 'family name', 'name', 'full name'] },
    { field: 'company', label: 'Company', aliases: ['company name', 'organisation', 'organization', 'account', 'account name', 'employer'] },
    { field: 'title', label: 'Job title', aliases: ['job title', 'position', 'role'] },
    { field: 'email', label: 'Email', aliases: ['e-mail', 'email address', 'e-mail address', 'mail'] },
    { field: 'phone', label: 'Phone', aliases: ['phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell'] },
    { field: 'website', label: 'Website', aliases: ['web', 'url', 'site', 'web site'] },
    { field: 'industry', label: 'Industry', aliases: ['sector'] },
    { field: 'country', label: 'Country (ISO code)', aliases: ['country code'] },
    { field: 'source', label: 'Lead source', aliases: ['lead source', 'origin', 'channel'] },
    { field: 'campaign', label: 'Campaign', aliases: ['campaign name'] },
    { field: 'status', label: 'Status', aliases: ['lead status', 'stage'] },
    { field: 'notes', label: 'Notes', aliases: ['note', 'comments', 'comment', 'description'] },
    { field: 'tags', label: 'Tags (separated by ; or ,)', aliases: ['tag', 'labels', 'label'] },
  ],
  contacts: [
    { field: 'firstName', label: 'First name', aliases: ['first', 'given name', 'forename'] },
    { field: 'lastName', label: 'Last name', required: true, aliases: ['last', 'surname', 'family name', 'name', 'full name'] },
    { field: 'email', label: 'Email', required: true, aliases: ['e-mail', 'email address', 'e-mail address', 'mail'] },
    { field: 'phone', label: 'Phone', aliases: ['phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell'] },
    { field: 'title', label: 'Job title', aliases: ['job title', 'position', 'role'] },
    { field: 'accountName', label: 'Account (found by name, or created)', aliases: ['account', 'company', 'company name', 'organisation', 'organization', 'employer'] },
    { field: 'birthday', label: 'Birthday (YYYY-MM-DD)', aliases: ['date of birth', 'birth date', 'dob'] },
    { field: 'customerSince', label: 'Customer since (YYYY-MM-DD)', aliases: ['first purchase', 'client since'] },
    { field: 'tags', label: 'Tags (separated by ; or ,)', aliases: ['tag', 'labels', 'label'] },
  ],
};

export const builtInFields = (entity: ImportEntity) => BUILT_IN[entity].map((f) => f.field);

/** Everything a column may be mapped to: the built-in fields, then the custom ones. */
export function importTargets(entity: ImportEntity, custom: CustomFieldDefinition[]): ImportTarget[] {
  return [
    ...BUILT_IN[entity].map(({ field, label, required }) => ({ field, label, required: required === true })),
    ...custom.map((def) => ({ field: `custom.${def.key}`, label: def.label, required: def.required === true && def.default === undefined })),
  ];
}

/** "E-Mail_Address " → "e mail address": how headers are compared. */
const comparable = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The field each header names, when it names one; a field is suggested for one column only. */
export function suggestMapping(entity: ImportEntity, headers: string[], custom: CustomFieldDefinition[]): Record<string, string> {
  const names = new Map<string, string>();
  for (const { field, label, aliases } of BUILT_IN[entity]) {
    for (const name of [field, label.replace(/\s*\(.*\)$/, ''), ...aliases]) if (!names.has(comparable(name))) names.set(comparable(name), field);
  }
  for (const def of custom) {
    for (const name of [def.key, def.label]) if (!names.has(comparable(name))) names.set(comparable(name), `custom.${def.key}`);
  }
  const taken = new Set<string>();
  const suggested: Record<string, string> = {};
  for (const header of headers) {
    const field = names.get(comparable(header));
    if (field && !taken.has(field)) {
      suggested[header] = field;
      taken.add(field);
    }
  }
  return suggested;
}

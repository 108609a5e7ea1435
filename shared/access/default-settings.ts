/**
 * The setup a new CRM starts with (README "Access control"): five profiles, a two-level
 * role tree, one group, private records by default, and one sharing rule.
 */
import type { RecordAction, SecuritySettings } from './settings';

const ALL: RecordAction[] = ['read', 'create', 'update', 'delete'];
const EDIT: RecordAction[] = ['read', 'create', 'update'];

export const defaultSettings = (): Omit<SecuritySettings, 'updatedAt' | 'updatedBy' | 'version'> => ({
  profiles: {
    administrator: {
      name: 'Administrator',
      description: 'Sees and changes everything, manages users and security',
      records: { account: ALL, contact: ALL, lead: ALL, opportunity: ALL, activity: ALL },
      system: ['import', 'export', 'sendEmail', 'manageWorkflows', 'administer'],
      fields: {},
    },
    'sales-manager': {
      name: 'Sales Manager',
      description: 'Runs a sales team: full record rights, exports and imports',
      records: { account: ALL, contact: ALL, lead: ALL, opportunity: ALL, activity: ALL },
      system: ['import', 'export', 'sendEmail'],
      fields: {},
    },
    'sales-rep': {
      name: 'Sales Rep',
      description: 'Works their own leads, accounts and contacts; cannot delete or export',
      records: { account: EDIT, contact: EDIT, lead: EDIT, opportunity: EDIT, activity: ALL },
      system: ['sendEmail'],
      fields: {},
    },
    marketing: {
      name: 'Marketing',
      description: 'Owns leads and campaigns; reads accounts',
      records: { account: ['read'], contact: EDIT, lead: ALL, opportunity: ['read'], activity: ALL },
      system: ['import', 'export', 'sendEmail', 'manageWorkflows'],
      fields: {},
    },
    support: {
      name: 'Support',
      description: 'Helps customers: reads accounts, keeps contacts up to date, no leads',
      records: { account: ['read'], contact: ['read', 'update'], activity: ALL },
      system: ['sendEmail'],
      fields: { account: { phone: 'read-only' } },
    },
  },
  roles: {
    'sales-manager': { name: 'Sales Manager', parentId: null },
    'sales-rep': { name: 'Sales Rep', parentId: 'sales-manager' },
    'marketing-manager': { name: 'Marketing Manager', parentId: null },
    marketer: { name: 'Marketer', parentId: 'marketing-manager' },
    'support-lead': { name: 'Support Lead', parentId: null },
    'support-agent': { name: 'Support Agent', parentId: 'support-lead' },
  },
  groups: {
    'key-accounts': { name: 'Key accounts', description: 'The team that shares the biggest customers' },
  },
  orgDefaults: { account: 'private', contact: 'private', lead: 'private', opportunity: 'private', activity: 'private' },
  sharingRules: [
    {
      ruleId: 'sales-accounts-to-support',
      recordType: 'account',
      from: { kind: 'role', id: 'sales-rep' },
      to: { kind: 'role', id: 'support-agent' },
      access: 'read',
    },
    {
      ruleId: 'sales-contacts-to-support',
      recordType: 'contact',
      from: { kind: 'role', id: 'sales-rep' },
      to: { kind: 'role', id: 'support-agent' },
      access: 'edit',
    },
  ],
});

/** The identity provider's view of a user, for a CRM user record made on first sign-in. */
export interface DirectoryUser {
  email: string;
  name: string;
}

/**
 * Where users sign in: Cognito in AWS. Locally the CRM is its own directory (passwords
 * in the user record), so the local runtime has none of this.
 */
export interface UserDirectory {
  lookup(subject: string): Promise<DirectoryUser | undefined>;
  /** creates the sign-in and sends the provider's invitation; returns the new subject */
  invite(user: DirectoryUser): Promise<{ subject: string }>;
  /** disables or re-enables sign-in; disabling also signs the user out everywhere */
  setEnabled(subject: string, enabled: boolean): Promise<void>;
}

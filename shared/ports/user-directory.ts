/** The identity provider's view of a user, for a CRM user record made on first sign-in. */
export interface DirectoryUser {
  email: string;
  name: string;
}

export interface UserDirectory {
  lookup(subject: string): Promise<DirectoryUser | undefined>;
}

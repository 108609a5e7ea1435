/** Who is acting: set by the HTTP adapter from a verified token, by workers from the event. */
export interface Actor {
  userId: string;
  profile: string;
  roles: string[];
}

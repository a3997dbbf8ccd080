import "server-only";

// Sessions the server can end. The session cookie (a signed JWT) carries the id of an auth_sessions
// row (db/queries/sessions.ts); every request checks that the row is still live, so signing out ends
// the session for whoever holds a copy of the cookie, not only in the browser that signed out.

/** Thrown from next-auth's jwt callback for a cookie whose session was ended: next-auth clears it. */
export class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

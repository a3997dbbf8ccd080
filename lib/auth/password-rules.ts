/** Shared by the sign-up form and the server. */
export const PASSWORD_MIN_LENGTH = 10;

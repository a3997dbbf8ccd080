// The session carries only the user's id (see lib/auth/options.ts).
import "next-auth";

declare module "next-auth" {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    user: { id: string };
    expires: string;
  }
}

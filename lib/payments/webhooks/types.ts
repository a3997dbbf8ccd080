export type WebhookResult = { handled: string };

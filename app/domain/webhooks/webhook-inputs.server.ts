// The inputs of the webhooks page, as schemas (issue 13): parsed by its action through parseForm.
import { z } from "zod";
import { WEBHOOK_EVENTS } from "./webhooks.server";

export const CreateWebhookForm = z.object({
  url: z.string().trim().min(1, "webhooks.urlInvalid").max(2000, "webhooks.urlInvalid"),
  events: z.array(z.enum(WEBHOOK_EVENTS, "webhooks.eventsRequired")).min(1, "webhooks.eventsRequired"),
});
export const WebhookIdForm = z.object({ webhook: z.string().min(1).max(64) });
export const DeliveryIdForm = z.object({ delivery: z.string().min(1).max(64) });

/** The webhooks page, by intent. */
export const WebhookForms = {
  create: CreateWebhookForm,
  replay: DeliveryIdForm,
  ping: WebhookIdForm,
  pause: WebhookIdForm,
  resume: WebhookIdForm,
  delete: WebhookIdForm,
};

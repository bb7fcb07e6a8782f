// The inputs of the tokens page, as schemas (issue 13): parsed by its action through parseForm.
import { z } from "zod";
import { TOKEN_LIFETIMES_DAYS } from "./tokens.server";

export const CreateTokenForm = z.object({
  name: z.string().trim().min(1, "token.nameRequired").max(80, "token.nameRequired"),
  access: z.enum(["read", "write"], "token.access"),
  lifetime: z.coerce.number("token.lifetime").refine((n) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(n), "token.lifetime"),
  calls: z.array(z.string().max(64)).min(1, "token.callsRequired").max(100, "token.callsRequired"),
});
export const RevokeTokenForm = z.object({ token: z.string().min(1, "error.notFound").max(64, "error.notFound") });

export const TokenForms = { create: CreateTokenForm, revoke: RevokeTokenForm };

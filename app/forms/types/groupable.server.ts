// The logic of the types a repeatable group may hold (no files, tables or nested groups), compile-checked
// like the full registry. Kept apart so group/logic.server.ts can read its rows without an import cycle.
import type { GroupableField } from "../definition";
import type { FieldTypeLogic } from "./contract";
import { textLogic } from "./text/logic.server";
import { longtextLogic } from "./longtext/logic.server";
import { yesnoLogic } from "./yesno/logic.server";
import { choiceLogic } from "./choice/logic.server";
import { multichoiceLogic } from "./multichoice/logic.server";
import { numberLogic } from "./number/logic.server";
import { moneyLogic } from "./money/logic.server";
import { dateLogic } from "./date/logic.server";
import { emailLogic } from "./email/logic.server";
import { phoneLogic } from "./phone/logic.server";
import { urlLogic } from "./url/logic.server";
import { regionLogic } from "./region/logic.server";
import { departementLogic } from "./departement/logic.server";
import { communeLogic } from "./commune/logic.server";
import { sirenLogic } from "./siren/logic.server";
import { siretLogic } from "./siret/logic.server";
import { rnaLogic } from "./rna/logic.server";

export const groupableLogic: { [K in GroupableField["type"]]: FieldTypeLogic<Extract<GroupableField, { type: K }>> } = {
  text: textLogic,
  longtext: longtextLogic,
  yesno: yesnoLogic,
  choice: choiceLogic,
  multichoice: multichoiceLogic,
  number: numberLogic,
  money: moneyLogic,
  date: dateLogic,
  email: emailLogic,
  phone: phoneLogic,
  url: urlLogic,
  region: regionLogic,
  departement: departementLogic,
  commune: communeLogic,
  siren: sirenLogic,
  siret: siretLogic,
  rna: rnaLogic,
};

export function groupableImpl(field: GroupableField): FieldTypeLogic<GroupableField> {
  return groupableLogic[field.type] as unknown as FieldTypeLogic<GroupableField>;
}

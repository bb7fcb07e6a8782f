// The views of the types a repeatable group may hold, compile-checked (see registry.server.ts).
import type { GroupableField } from "../definition";
import type { FieldTypeView } from "./view-contract";
import { textView } from "./text/view";
import { longtextView } from "./longtext/view";
import { yesnoView } from "./yesno/view";
import { choiceView } from "./choice/view";
import { multichoiceView } from "./multichoice/view";
import { numberView } from "./number/view";
import { moneyView } from "./money/view";
import { dateView } from "./date/view";
import { emailView } from "./email/view";
import { phoneView } from "./phone/view";
import { urlView } from "./url/view";
import { regionView } from "./region/view";
import { departementView } from "./departement/view";
import { communeView } from "./commune/view";
import { sirenView } from "./siren/view";
import { siretView } from "./siret/view";
import { rnaView } from "./rna/view";

export const groupableViews: { [K in GroupableField["type"]]: FieldTypeView<Extract<GroupableField, { type: K }>> } = {
  text: textView,
  longtext: longtextView,
  yesno: yesnoView,
  choice: choiceView,
  multichoice: multichoiceView,
  number: numberView,
  money: moneyView,
  date: dateView,
  email: emailView,
  phone: phoneView,
  url: urlView,
  region: regionView,
  departement: departementView,
  commune: communeView,
  siren: sirenView,
  siret: siretView,
  rna: rnaView,
};

export function groupableView(field: GroupableField): FieldTypeView<GroupableField> {
  return groupableViews[field.type] as unknown as FieldTypeView<GroupableField>;
}

// The default call's form, from its call file (call.json).
import { ptceEmploi2015 } from "./call";

export const form = ptceEmploi2015.form;

import { en } from "zod/locales";
import { config } from "zod/mini";

/**
 * Every schema that can end up in a Lambda bundle is written against zod/mini (functions over the
 * schemas instead of chained methods), read through this module: the same validation and messages
 * as zod's classic API at a fraction of the size, which is what keeps each function's bundle within
 * its budget. zod/mini carries no messages of its own, so the English ones classic zod gives are
 * configured here, once, before any schema of ours parses anything; package.json names this file as
 * having side effects, so a bundle never drops it.
 *
 * Import it as a namespace (`import * as z from ".../domain/zod"`): members are then bundled one by
 * one; a namespace passed around as a value would pull in all of zod/mini and every locale.
 */
config(en());

export * from "zod/mini";

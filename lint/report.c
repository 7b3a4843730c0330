/* SPDX-License-Identifier: MIT */
/*
 * lint/report.c: the lint report as text (Atlas's default template with
 * colours off, reference 3.7), JSON ({{ json . }} and {{ json .Files }}),
 * GitHub workflow commands and SARIF 2.1.0.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"
#include "ut.h"

#define LT_LINK "https://atlasgo.io/lint/analyzers#"

static bool tmpl_is(const char *s, const char *inner)
{
	/* "{{ json . }}" with any spacing */
	const char *p = ut_str_ltrim(s);
	size_t n = strlen(inner);

	if (strncmp(p, "{{", 2) != 0)
		return false;
	p = ut_str_ltrim(p + 2);
	if (strncmp(p, inner, n) != 0)
		return false;
	p = ut_str_ltrim(p + n);
	if (strncmp(p, "}}", 2) != 0)
		return false;
	return *ut_str_ltrim(p + 2) == '\0';
}

int lt_format_parse(lt_format *out, const char *s)
{
	*out = LT_FMT_TEXT;
	if (!s || !*s)
		return 0;
	if (strcmp(s, "github") == 0)
		*out = LT_FMT_GITHUB;
	else if (strcmp(s, "sarif") == 0)
		*out = LT_FMT_SARIF;
	else if (strcmp(s, "json") == 0 || tmpl_is(s, "json ."))
		*out = LT_FMT_JSON;
	else if (tmpl_is(s, "json .Files"))
		*out = LT_FMT_JSON_FILES;
	else {
		ut_error_set(UT_EUSAGE, "unsupported --format '%s'", s);
		ut_error_hint("use '{{ json . }}', '{{ json .Files }}', github or sarif");
		return UT_EUSAGE;
	}
	return 0;
}

void lt_wrap(ut_buf *out, const char *prefix, const char *text)
{
	size_t width = 85 - strlen(prefix), sum = 0;
	const char *p = text;
	bool first = true;

	ut_buf_puts(out, prefix);
	while (*p) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " \t\n");
		if (!first) {
			if (sum + n > width) {
				ut_buf_puts(out, "\n         ");
				sum = 0;
			} else {
				ut_buf_putc(out, ' ');
			}
		}
		ut_buf_put(out, p, n);
		sum += n;
		first = false;
		p += n;
	}
}

static void dur(ut_buf *out, int64_t ns)
{
	ut_duration_format(out, ns);
}

static bool file_has_diags(const lt_file_report *f)
{
	for (size_t i = 0; i < f->reports.len; i++)
		if (f->reports.items[i].diags.len)
			return true;
	return false;
}

static bool file_has_error(const lt_file_report *f)
{
	if (f->error)
		return true;
	for (size_t i = 0; i < f->reports.len; i++)
		if (f->reports.items[i].error)
			return true;
	return false;
}

static void text_file(ut_buf *out, const lt_file_report *f)
{
	ut_buf_printf(out, "  -- analyzing version %s\n", f->version);
	for (size_t i = 0; i < f->reports.len; i++) {
		const lt_report *r = &f->reports.items[i];
		size_t nfix = 0;
		if (r->text && *r->text)
			ut_buf_printf(out, "    -- %s:\n", r->text);
		for (size_t j = 0; j < r->diags.len; j++) {
			const lt_diag *d = &r->diags.items[j];
			ut_buf text = UT_BUF_INIT;
			char prefix[32];
			snprintf(prefix, sizeof(prefix), "      -- L%d: ", d->line);
			ut_buf_puts(&text, d->text);
			/* strata's own codes have no page on atlasgo.io */
			if (d->code && *d->code && strncmp(d->code, "ST", 2) != 0)
				ut_buf_printf(&text, " " LT_LINK "%s", d->code);
			lt_wrap(out, prefix, text.ptr);
			ut_buf_putc(out, '\n');
			ut_buf_release(&text);
			nfix += d->fixes.len;
		}
		if (nfix) {
			ut_buf_printf(out, "    -- suggested fix%s:\n",
				      nfix > 1 ? "es" : "");
			for (size_t j = 0; j < r->diags.len; j++)
				for (size_t k = 0; k < r->diags.items[j].fixes.len;
				     k++) {
					lt_wrap(out, "      -> ",
						r->diags.items[j].fixes.items[k].message);
					ut_buf_putc(out, '\n');
				}
		}
	}
	if (f->error) {
		ut_buf_printf(out, "    Error: %s\n", f->error);
	} else if (!file_has_diags(f)) {
		ut_buf_puts(out, "    -- no diagnostics found\n");
	}
	ut_buf_puts(out, "  -- ok (");
	dur(out, f->ns);
	ut_buf_puts(out, ")\n\n");
}

static void text(ut_buf *out, const lt_result *r)
{
	size_t ok = 0, warn = 0, err = 0;
	bool first = true;

	if (r->nfiles == 0)
		ut_buf_puts(out, "Analyzing changes:\n\n");
	else if (r->base_version)
		ut_buf_printf(out,
			      "Analyzing changes from version %s to %s (%zu migration%s in total):\n\n",
			      r->base_version, r->last_version, r->nfiles,
			      r->nfiles == 1 ? "" : "s");
	else
		ut_buf_printf(out,
			      "Analyzing changes until version %s (%zu migration%s in total):\n\n",
			      r->last_version, r->nfiles,
			      r->nfiles == 1 ? "" : "s");
	for (size_t i = 0; i < r->steps.len; i++) {
		const lt_step *s = &r->steps.items[i];
		if (s->file) {
			if (s->file->skipped)
				continue;
			text_file(out, s->file);
			if (file_has_error(s->file))
				err++;
			else if (file_has_diags(s->file))
				warn++;
			else
				ok++;
		} else if (s->error) {
			ut_buf_printf(out, "  Error: %s\n\n", s->error);
		} else if (strcmp(s->name, "Non-Linear Changes Check") == 0) {
			ut_buf_puts(out, "  -- non-linear changes detected:\n");
			lt_wrap(out, "    -- ", s->text);
			ut_buf_puts(out, "\n\n");
		}
	}
	ut_buf_puts(out, "  -------------------------\n  -- ");
	dur(out, r->ns);
	ut_buf_putc(out, '\n');
	if (ok + warn + err == 0 && r->step_failed)
		err = 1;
	ut_buf_puts(out, "  -- ");
	if (ok) {
		ut_buf_printf(out, "%zu version%s ok", ok, ok == 1 ? "" : "s");
		first = false;
	}
	if (warn) {
		if (first)
			ut_buf_printf(out, "%zu version%s with warnings", warn,
				      warn == 1 ? "" : "s");
		else
			ut_buf_printf(out, ", %zu with warnings", warn);
		first = false;
	}
	if (err) {
		if (first)
			ut_buf_printf(out, "%zu version%s with errors", err,
				      err == 1 ? "" : "s");
		else
			ut_buf_printf(out, ", %zu with errors", err);
		first = false;
	}
	if (first)
		ut_buf_puts(out, "0 versions ok");
	ut_buf_putc(out, '\n');
	if (r->nchanges)
		ut_buf_printf(out, "  -- %zu schema change%s\n", r->nchanges,
			      r->nchanges == 1 ? "" : "s");
	if (r->ndiags)
		ut_buf_printf(out, "  -- %zu diagnostic%s\n", r->ndiags,
			      r->ndiags == 1 ? "" : "s");
}

/* ---- JSON ---- */

static json_t *jfile(const lt_file_report *f)
{
	json_t *o = json_object(), *reps = json_array();

	json_object_set_new(o, "Name", json_string(f->name));
	json_object_set_new(o, "Text", json_string(f->text ? f->text : ""));
	for (size_t i = 0; i < f->reports.len; i++) {
		const lt_report *r = &f->reports.items[i];
		json_t *jr = json_object(), *ds = json_array();
		json_object_set_new(jr, "Text", json_string(r->text ? r->text : ""));
		for (size_t j = 0; j < r->diags.len; j++) {
			const lt_diag *d = &r->diags.items[j];
			json_t *jd = json_object();
			json_object_set_new(jd, "Pos", json_integer((json_int_t)d->pos));
			json_object_set_new(jd, "Text", json_string(d->text));
			if (d->code && *d->code)
				json_object_set_new(jd, "Code", json_string(d->code));
			if (d->fixes.len) {
				json_t *fx = json_array();
				for (size_t k = 0; k < d->fixes.len; k++) {
					json_t *jf = json_object();
					json_object_set_new(jf, "Message",
							    json_string(d->fixes.items[k].message));
					json_array_append_new(fx, jf);
				}
				json_object_set_new(jd, "SuggestedFixes", fx);
			}
			json_array_append_new(ds, jd);
		}
		json_object_set_new(jr, "Diagnostics", ds);
		json_array_append_new(reps, jr);
	}
	json_object_set_new(o, "Reports", reps);
	if (f->error)
		json_object_set_new(o, "Error", json_string(f->error));
	return o;
}

static json_t *jfiles(const lt_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->files.len; i++)
		if (!r->files.items[i]->skipped)
			json_array_append_new(a, jfile(r->files.items[i]));
	return a;
}

static json_t *jall(const lt_result *r)
{
	json_t *o = json_object(), *env = json_object(), *steps = json_array();

	json_object_set_new(env, "Driver", json_string(r->driver));
	if (r->dev_url)
		json_object_set_new(env, "URL", json_string(r->dev_url));
	json_object_set_new(env, "Dir", json_string(r->dir_url));
	json_object_set_new(o, "Env", env);
	for (size_t i = 0; i < r->steps.len; i++) {
		const lt_step *s = &r->steps.items[i];
		json_t *js = json_object();
		if (s->file && s->file->skipped)
			continue;
		json_object_set_new(js, "Name", json_string(s->name));
		json_object_set_new(js, "Text", json_string(s->text ? s->text : ""));
		if (s->error)
			json_object_set_new(js, "Error", json_string(s->error));
		if (s->file)
			json_object_set_new(js, "Result", jfile(s->file));
		json_array_append_new(steps, js);
	}
	json_object_set_new(o, "Steps", steps);
	json_object_set_new(o, "Files", jfiles(r));
	return o;
}

static void put_json(ut_buf *out, json_t *j, size_t flags)
{
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | flags);

	if (!s)
		ut_die_oom();
	ut_buf_puts(out, s);
	ut_buf_putc(out, '\n');
	free(s);
	json_decref(j);
}

/* ---- GitHub ---- */

/* Workflow command data escaping (%, \r, \n) and property escaping (:, ,). */
static void gh_escape(ut_buf *out, const char *s, bool prop)
{
	for (; *s; s++) {
		if (*s == '%')
			ut_buf_puts(out, "%25");
		else if (*s == '\r')
			ut_buf_puts(out, "%0D");
		else if (*s == '\n')
			ut_buf_puts(out, "%0A");
		else if (prop && *s == ':')
			ut_buf_puts(out, "%3A");
		else if (prop && *s == ',')
			ut_buf_puts(out, "%2C");
		else
			ut_buf_putc(out, *s);
	}
}

static void github(ut_buf *out, const lt_result *r)
{
	for (size_t i = 0; i < r->steps.len; i++) {
		const lt_step *s = &r->steps.items[i];
		if (!s->file && s->error) {
			ut_buf_puts(out, "::error title=");
			gh_escape(out, s->name, true);
			ut_buf_puts(out, "::");
			gh_escape(out, s->error, false);
			ut_buf_putc(out, '\n');
		} else if (!s->file && strcmp(s->name, "Non-Linear Changes Check") == 0) {
			ut_buf_puts(out, "::warning title=non_linear::");
			gh_escape(out, s->text, false);
			ut_buf_putc(out, '\n');
		}
	}
	for (size_t i = 0; i < r->files.len; i++) {
		const lt_file_report *f = r->files.items[i];
		if (f->skipped)
			continue;
		if (f->error) {
			ut_buf_puts(out, "::error file=");
			gh_escape(out, f->path, true);
			ut_buf_puts(out, "::");
			gh_escape(out, f->error, false);
			ut_buf_putc(out, '\n');
		}
		for (size_t j = 0; j < f->reports.len; j++) {
			const lt_report *rep = &f->reports.items[j];
			for (size_t k = 0; k < rep->diags.len; k++) {
				const lt_diag *d = &rep->diags.items[k];
				ut_buf_printf(out, "::%s file=",
					      rep->error ? "error" : "warning");
				gh_escape(out, f->path, true);
				ut_buf_printf(out, ",line=%d,title=", d->line);
				gh_escape(out, d->code && *d->code ? d->code
								   : rep->analyzer,
					  true);
				ut_buf_puts(out, "::");
				gh_escape(out, d->text, false);
				ut_buf_putc(out, '\n');
			}
		}
	}
}

/* ---- SARIF ---- */

static json_t *sarif(const lt_result *r)
{
	json_t *o = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *drv = json_object(), *rules = json_array();
	json_t *results = json_array();
	ut_map seen = UT_MAP_INIT;

	json_object_set_new(o, "$schema",
			    json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(o, "version", json_string("2.1.0"));
	json_object_set_new(drv, "name", json_string("strata"));
	json_object_set_new(drv, "informationUri",
			    json_string("https://atlasgo.io/lint/analyzers"));
	for (size_t i = 0; i < r->files.len; i++) {
		const lt_file_report *f = r->files.items[i];
		if (f->skipped)
			continue;
		for (size_t j = 0; j < f->reports.len; j++) {
			const lt_report *rep = &f->reports.items[j];
			for (size_t k = 0; k < rep->diags.len; k++) {
				const lt_diag *d = &rep->diags.items[k];
				const char *id = d->code && *d->code ? d->code
								     : rep->analyzer;
				json_t *res = json_object(), *msg = json_object();
				json_t *locs = json_array(), *loc = json_object();
				json_t *phys = json_object(), *art = json_object();
				json_t *reg = json_object();
				if (!ut_map_get(&seen, id)) {
					const lt_rule *lr = lt_rule_find(id);
					json_t *jr = json_object(), *sd = json_object();
					ut_map_put(&seen, id, (void *)1);
					json_object_set_new(jr, "id", json_string(id));
					if (lr)
						json_object_set_new(jr, "name",
								    json_string(lr->name));
					json_object_set_new(sd, "text",
							    json_string(lr ? lr->summary
									   : rep->text));
					json_object_set_new(jr, "shortDescription", sd);
					if (d->code && *d->code && strncmp(d->code, "ST", 2) != 0) {
						char *u = ut_xasprintf(LT_LINK "%s", d->code);
						json_object_set_new(jr, "helpUri", json_string(u));
						free(u);
					}
					json_array_append_new(rules, jr);
				}
				json_object_set_new(res, "ruleId", json_string(id));
				json_object_set_new(res, "level",
						    json_string(rep->error ? "error" : "warning"));
				json_object_set_new(msg, "text", json_string(d->text));
				json_object_set_new(res, "message", msg);
				json_object_set_new(art, "uri", json_string(f->path));
				json_object_set_new(reg, "startLine", json_integer(d->line));
				json_object_set_new(phys, "artifactLocation", art);
				json_object_set_new(phys, "region", reg);
				json_object_set_new(loc, "physicalLocation", phys);
				json_array_append_new(locs, loc);
				json_object_set_new(res, "locations", locs);
				json_array_append_new(results, res);
			}
		}
		if (f->error) {
			json_t *res = json_object(), *msg = json_object();
			json_t *locs = json_array(), *loc = json_object();
			json_t *phys = json_object(), *art = json_object();
			json_object_set_new(res, "ruleId", json_string("error"));
			json_object_set_new(res, "level", json_string("error"));
			json_object_set_new(msg, "text", json_string(f->error));
			json_object_set_new(res, "message", msg);
			json_object_set_new(art, "uri", json_string(f->path));
			json_object_set_new(phys, "artifactLocation", art);
			json_object_set_new(loc, "physicalLocation", phys);
			json_array_append_new(locs, loc);
			json_object_set_new(res, "locations", locs);
			json_array_append_new(results, res);
		}
	}
	ut_map_release(&seen);
	json_object_set_new(drv, "rules", rules);
	json_object_set_new(tool, "driver", drv);
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_array_append_new(runs, run);
	json_object_set_new(o, "runs", runs);
	return o;
}

void lt_format_write(ut_buf *out, const lt_result *r, lt_format fmt)
{
	switch (fmt) {
	case LT_FMT_TEXT:
		text(out, r);
		break;
	case LT_FMT_JSON:
		put_json(out, jall(r), JSON_COMPACT);
		break;
	case LT_FMT_JSON_FILES:
		put_json(out, jfiles(r), JSON_COMPACT);
		break;
	case LT_FMT_GITHUB:
		github(out, r);
		break;
	case LT_FMT_SARIF:
		put_json(out, sarif(r), JSON_INDENT(2));
		break;
	}
}

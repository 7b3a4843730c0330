/* SPDX-License-Identifier: MIT */
/*
 * lint/analyze.c: running the checks over one file, the nolint rules
 * (reference 4.4) and the emitters the checks report through.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lint_int.h"
#include "ut.h"

const char *lt_key(ut_arena *a, const sm_object *o)
{
	ut_buf b = UT_BUF_INIT;
	const char *r;

	ut_buf_printf(&b, "%d:", (int)o->kind);
	sm_object_qname(&b, o);
	r = ut_arena_strndup(a, b.ptr, b.len);
	ut_buf_release(&b);
	return r;
}

static bool span_has(lt_file *f, ut_map *m, const sm_object *o)
{
	ut_buf b = UT_BUF_INIT;
	bool r;

	if (!o || m->len == 0)
		return false;
	ut_buf_printf(&b, "%d:", (int)o->kind);
	sm_object_qname(&b, o);
	r = ut_map_get(m, b.ptr) != NULL;
	ut_buf_release(&b);
	(void)f;
	return r;
}

bool lt_added(lt_file *f, const sm_object *o)
{
	/* an object inside a table created in the file is new too */
	if (o && o->kind != SM_TABLE && o->parent &&
	    o->parent->kind == SM_TABLE && span_has(f, &f->added, o->parent))
		return true;
	return span_has(f, &f->added, o);
}

bool lt_dropped(lt_file *f, const sm_object *o)
{
	return span_has(f, &f->dropped, o);
}

bool lt_table_new(lt_file *f, const char *schema, const char *name)
{
	(void)schema;
	return name && ut_map_get(&f->created_pg, name) != NULL;
}

const char *lt_q(lt_file *f, const char *s)
{
	ut_buf b = UT_BUF_INIT;
	const char *r;

	ut_buf_quote(&b, s ? s : "");
	r = ut_arena_strndup(f->arena, b.ptr, b.len);
	ut_buf_release(&b);
	return r;
}

/* Whether a space-separated nolint list names the code or analyzer. */
static bool listed(const char *list, const char *code, const char *an)
{
	const char *p = list;

	while (p && *p) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		n = strcspn(p, " \t,");
		if (n == 0)
			break;
		if ((strlen(code) == n && ut_str_nieq(p, code, n)) ||
		    (an && strlen(an) == n && strncmp(p, an, n) == 0))
			return true;
		p += n;
	}
	return false;
}

lt_diag *lt_emit(lt_file *f, const lt_stmt *s, const char *code,
		 const char *fix, const char *fmt, ...)
{
	const char *an = f->an ? f->an->name : NULL;
	lt_diag d = { 0 };
	va_list ap;
	ut_buf b = UT_BUF_INIT;

	if (s && (s->nolint_all || (s->nolint && listed(s->nolint, code, an))))
		return NULL;
	if (f->file_nolint && listed(f->file_nolint, code, an))
		return NULL;
	if (!f->cur) {
		lt_report r = { 0 };
		r.analyzer = an;
		r.text = f->an ? f->an->text : "";
		ut_vec_apush(f->arena, &f->rep->reports, r);
		f->cur = &ut_vec_last(&f->rep->reports);
	}
	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d.text = ut_arena_strndup(f->arena, b.ptr, b.len);
	ut_buf_release(&b);
	d.code = code;
	d.pos = s ? s->pos : 0;
	d.line = s ? s->line : 1;
	if (fix) {
		lt_fix x = { ut_arena_strdup(f->arena, fix) };
		ut_vec_apush(f->arena, &d.fixes, x);
	}
	ut_vec_apush(f->arena, &f->cur->diags, d);
	return &ut_vec_last(&f->cur->diags);
}

void lt_diag_fix(lt_file *f, lt_diag *d, const char *fmt, ...)
{
	va_list ap;
	ut_buf b = UT_BUF_INIT;
	lt_fix x;

	if (!d)
		return;
	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	x.message = ut_arena_strndup(f->arena, b.ptr, b.len);
	ut_buf_release(&b);
	ut_vec_apush(f->arena, &d->fixes, x);
}

bool lt_config_error(const lt_config *cfg, const char *analyzer)
{
	if (cfg)
		for (size_t i = cfg->nerrors; i-- > 0;)
			if (strcmp(cfg->errors[i].analyzer, analyzer) == 0)
				return cfg->errors[i].error;
	for (size_t i = 0; i < lt_nanalyzers; i++)
		if (strcmp(lt_analyzers[i].name, analyzer) == 0)
			return lt_analyzers[i].error;
	return false;
}

static const lt_analyzer_info *analyzer_find(const char *name)
{
	for (size_t i = 0; i < lt_nanalyzers; i++)
		if (strcmp(lt_analyzers[i].name, name) == 0)
			return &lt_analyzers[i];
	return NULL;
}

/* Own rules (ST codes) can be turned off as a whole. */
static bool own(const char *analyzer)
{
	return strncmp(analyzer, "st_", 3) == 0;
}

void lt_analyze(lt_file *f)
{
	for (size_t i = 0; i < lt_nchecks; i++) {
		const lt_check *c = &lt_checks[i];
		const lt_analyzer_info *an = analyzer_find(c->analyzer);
		size_t before = f->rep->reports.len;

		if (!an || (own(an->name) && f->cfg->no_own_rules))
			continue;
		/* consecutive checks of one analyzer share its report */
		if (f->an != an)
			f->cur = NULL;
		f->an = an;
		if (before && f->cur == NULL) {
			lt_report *last = &f->rep->reports.items[before - 1];
			if (last->analyzer &&
			    strcmp(last->analyzer, an->name) == 0)
				f->cur = last;
		}
		c->fn(f);
		if (f->cur && f->cur->diags.len)
			f->cur->error = lt_config_error(f->cfg, an->name);
	}
	f->an = NULL;
	f->cur = NULL;
}

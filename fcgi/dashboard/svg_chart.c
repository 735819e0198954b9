/* The chart writer: plain arithmetic and text, no drawing library. Sizes
 * are in viewBox units; the page scales the SVG to its column width. */
#include "svg_chart.h"
#include <stdio.h>
#include <string.h>

#define SVG_WIDTH 720
#define SVG_FONT "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif"
/* Fills with at least 3:1 contrast against white (WCAG 1.4.11). */
static const char *const svg_colors[SVG_MAX_SERIES] = {
	"#1f5fa8", "#b03a2e", "#2e7d32", "#6a4c93", "#8a6100", "#00796b"
};

void svg_nice_axis(double max, int target, int integers, struct svg_axis *a)
{
	if (target < 1)
		target = 1;
	if (!(max > 0)) {	/* 0, negative or NaN: an empty scale 0..1 */
		a->step = 1;
		a->ticks = 1;
		a->top = 1;
		return;
	}
	double raw = max / target, mag = 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	double norm = raw / mag;
	double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
	if (integers && step < 1)
		step = 1;
	double n = max / step;
	int ticks = (int)n;
	if ((double)ticks * step < max * (1 - 1e-12))
		ticks++;
	if (ticks < 1)
		ticks = 1;
	a->step = step;
	a->ticks = ticks;
	a->top = step * ticks;
}

void svg_escape(struct mm_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '&':
			mm_buf_puts(out, "&amp;");
			break;
		case '<':
			mm_buf_puts(out, "&lt;");
			break;
		case '>':
			mm_buf_puts(out, "&gt;");
			break;
		case '"':
			mm_buf_puts(out, "&quot;");
			break;
		case '\'':
			mm_buf_puts(out, "&#39;");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				mm_buf_puts(out, " ");
			else
				mm_buf_add(out, (const char *)p, 1);
		}
	}
}

static void strip_zero(char *s)
{
	char *dot = strchr(s, '.');
	if (dot && dot[1] == '0' && (dot[2] == '\0' || (dot[2] < '0' || dot[2] > '9'))) {
		memmove(dot, dot + 2, strlen(dot + 2) + 1);
	}
}

void svg_number(char *out, size_t cap, double v)
{
	static const char *const units[] = { "k", "M", "G", "T", "P" };
	double a = v < 0 ? -v : v;
	if (a >= 1e7) {
		int u = 0;
		a /= 1000;
		while (a >= 1000 && u < 4) {
			a /= 1000;
			u++;
		}
		snprintf(out, cap, "%s%.1f%s", v < 0 ? "-" : "", a, units[u]);
		strip_zero(out);
		return;
	}
	long long whole = (long long)a;
	if ((double)whole != a) {
		snprintf(out, cap, "%s%.1f", v < 0 ? "-" : "", a);
		strip_zero(out);
		return;
	}
	char digits[32], grouped[48];
	int n = snprintf(digits, sizeof digits, "%lld", whole), k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	snprintf(out, cap, "%s%s", v < 0 ? "-" : "", grouped);
}

/* The label cut to max characters (UTF-8 aware), with an ellipsis. */
static void short_label(struct mm_buf *out, const char *s, int max)
{
	const char *p = s;
	int chars = 0;
	while (*p && chars < max) {
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
		chars++;
	}
	if (!*p) {
		svg_escape(out, s);
		return;
	}
	struct mm_buf cut = { 0 };
	mm_buf_add(&cut, s, (size_t)(p - s));
	svg_escape(out, mm_buf_str(&cut));
	mm_buf_free(&cut);
	mm_buf_puts(out, "…");
}

/* Characters (not bytes) of s, up to max: the legend's spacing. Wide
 * (CJK) and narrow characters both count as one font size, erring wide. */
static int chars(const char *s, int max)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n < max; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

static int id_ok(const char *id)
{
	if (!id || !*id || strlen(id) > 40)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

static void open_svg(struct mm_buf *out, const struct svg_chart *c, int height)
{
	mm_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\""
		      " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
		      " aria-labelledby=\"%s-title %s-desc\" font-family=\"" SVG_FONT "\""
		      " font-size=\"13\">", c->id, SVG_WIDTH, height, SVG_WIDTH, height, c->id,
		      c->id);
	mm_buf_printf(out, "<title id=\"%s-title\">", c->id);
	svg_escape(out, c->title);
	mm_buf_printf(out, "</title><desc id=\"%s-desc\">", c->id);
	svg_escape(out, c->desc);
	mm_buf_puts(out, "</desc>");
}

static double data_max(const struct svg_chart *c, size_t nseries, int *integers)
{
	double max = 0;
	*integers = 1;
	for (size_t s = 0; s < nseries; s++)
		for (size_t i = 0; i < c->n; i++) {
			double v = c->series[s].values[i];
			if (v > max)
				max = v;
			if (v >= 9e15 || v != (double)(long long)v)
				*integers = 0;
		}
	return max;
}

static void bar_chart(struct mm_buf *out, const struct svg_chart *c)
{
	const int label_w = 200, value_w = 80, bar_h = 16, gap = 12;
	const int legend_h = c->nseries > 1 ? 28 : 4;
	const int x0 = label_w + 8, plot_w = SVG_WIDTH - x0 - value_w;
	const int group_h = (int)c->nseries * bar_h + gap;
	const int plot_h = (int)(c->n ? c->n : 1) * group_h;
	const int height = legend_h + plot_h + 28;
	int integers;
	struct svg_axis ax;
	double max = data_max(c, c->nseries, &integers);
	svg_nice_axis(max, 5, integers, &ax);
	open_svg(out, c, height);
	char num[48];
	if (c->nseries > 1) {
		int lx = x0;
		for (size_t s = 0; s < c->nseries; s++) {
			mm_buf_printf(out, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>"
				      "<text x=\"%d\" y=\"19\" fill=\"#222\">", lx, svg_colors[s], lx + 16);
			short_label(out, c->series[s].name, 16);
			mm_buf_puts(out, "</text>");
			lx += 16 + 13 * chars(c->series[s].name, 17) + 20;
		}
	}
	for (int t = 0; t <= ax.ticks; t++) {
		double x = x0 + plot_w * (t * ax.step) / ax.top;
		svg_number(num, sizeof num, t * ax.step);
		mm_buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>"
			      "<text x=\"%.1f\" y=\"%d\" fill=\"#444\" text-anchor=\"middle\">%s</text>",
			      x, legend_h, x, legend_h + plot_h, x, legend_h + plot_h + 18, num);
	}
	for (size_t i = 0; i < c->n; i++) {
		int gy = legend_h + (int)i * group_h + gap / 2;
		mm_buf_printf(out, "<text x=\"%d\" y=\"%d\" fill=\"#222\" text-anchor=\"end\">",
			      label_w, gy + (int)c->nseries * bar_h / 2 + 5);
		short_label(out, c->labels[i], 15);
		mm_buf_puts(out, "</text>");
		for (size_t s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			double w = plot_w * v / ax.top;
			int y = gy + (int)s * bar_h;
			svg_number(num, sizeof num, v);
			mm_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
				      "<text x=\"%.1f\" y=\"%d\" fill=\"#222\" font-size=\"12\">%s</text>",
				      x0, y + 1, w, bar_h - 2, svg_colors[s], x0 + w + 4, y + bar_h - 3,
				      num);
		}
	}
	mm_buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", x0,
		      legend_h, x0, legend_h + plot_h);
	mm_buf_puts(out, "</svg>");
}

static void column_chart(struct mm_buf *out, const struct svg_chart *c)
{
	const int x0 = 64, top = 12, plot_h = 220, right = 12;
	const int plot_w = SVG_WIDTH - x0 - right, height = top + plot_h + 40;
	int integers;
	struct svg_axis ax;
	double max = data_max(c, 1, &integers);
	svg_nice_axis(max, 5, integers, &ax);
	open_svg(out, c, height);
	char num[48];
	for (int t = 0; t <= ax.ticks; t++) {
		double y = top + plot_h - plot_h * (t * ax.step) / ax.top;
		svg_number(num, sizeof num, t * ax.step);
		mm_buf_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\"/>"
			      "<text x=\"%d\" y=\"%.1f\" fill=\"#444\" text-anchor=\"end\">%s</text>",
			      x0, y, x0 + plot_w, y, x0 - 6, y + 4, num);
	}
	size_t n = c->n ? c->n : 1;
	double col = (double)plot_w / (double)n;
	double bar = col * 0.8 < 1 ? 1 : col * 0.8;
	size_t every = (c->n + 9) / 10;
	if (every < 1)
		every = 1;
	for (size_t i = 0; i < c->n; i++) {
		double v = c->series[0].values[i];
		double h = plot_h * v / ax.top;
		double x = x0 + col * (double)i + (col - bar) / 2;
		svg_number(num, sizeof num, v);
		mm_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			      "<title>", x, top + plot_h - h, bar, h, svg_colors[0]);
		svg_escape(out, c->labels[i]);
		mm_buf_printf(out, ": %s</title></rect>", num);
		if (i % every == 0) {
			mm_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"#444\" text-anchor=\"middle\""
				      " font-size=\"12\">", x + bar / 2, top + plot_h + 18);
			short_label(out, c->labels[i], 10);
			mm_buf_puts(out, "</text>");
		}
	}
	mm_buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", x0,
		      top + plot_h, x0 + plot_w, top + plot_h);
	mm_buf_puts(out, "</svg>");
}

int svg_chart_write(struct mm_buf *out, const struct svg_chart *c)
{
	if (!c || !id_ok(c->id) || c->nseries < 1 || c->nseries > SVG_MAX_SERIES ||
	    (c->n && !c->labels))
		return -1;
	for (size_t s = 0; s < c->nseries; s++) {
		if (c->n && !c->series[s].values)
			return -1;
		for (size_t i = 0; i < c->n; i++)
			if (!(c->series[s].values[i] >= 0))
				return -1;
		if (!c->series[s].name)
			return -1;
	}
	if (c->kind == SVG_COLUMNS)
		column_chart(out, c);
	else
		bar_chart(out, c);
	return out->oom ? -1 : 0;
}

/* Charts drawn on the server as inline SVG (DASH-4): readable without
 * JavaScript, printable, and described for screen readers (role="img",
 * <title>, <desc>); the page puts the same figures in a table beside each
 * chart. Every text that reaches the SVG goes through svg_escape, so the
 * writer's output is the only markup a template prints unescaped. */
#ifndef SVG_CHART_H
#define SVG_CHART_H
#include <stddef.h>
#include "mm_buf.h"

/* Axis from 0 to max in steps of 1, 2 or 5 times a power of ten, with
 * about target ticks; max is the data's largest value (>= 0). With no data
 * (max 0) the axis runs 0..1 so the chart still has a scale. */
struct svg_axis {
	double step, top;
	int ticks;		/* intervals: top = step * ticks */
};
/* integers: the data are counts, so no step below 1. */
void svg_nice_axis(double max, int target, int integers, struct svg_axis *a);

/* Appends s escaped for XML text and attributes (& < > " '); control
 * characters XML 1.0 forbids become spaces. */
void svg_escape(struct mm_buf *out, const char *s);

/* A number as a tick or value label: integers with thousands separators
 * up to 10^7, then k/M/G/T with one decimal; fractions with one decimal. */
void svg_number(char *out, size_t cap, double v);

enum svg_kind {
	SVG_BARS,		/* horizontal bars, one group per label (categories) */
	SVG_COLUMNS		/* vertical columns over time (one series) */
};

#define SVG_MAX_SERIES 6
struct svg_series {
	const char *name;
	const double *values;	/* one per label */
};

struct svg_chart {
	enum svg_kind kind;
	const char *id;		/* element id prefix: letters, digits, '-' */
	const char *title, *desc;
	const char *const *labels;
	size_t n;
	const struct svg_series *series;
	size_t nseries;		/* 1..SVG_MAX_SERIES (SVG_COLUMNS uses the first) */
};

/* Appends the <svg> element. 0, or -1 for an unusable chart (no series,
 * too many, a bad id, a negative value). */
int svg_chart_write(struct mm_buf *out, const struct svg_chart *c);

#endif

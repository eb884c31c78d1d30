/* SPDX-License-Identifier: MIT */
/* Roles to attributes, colour or not (NO_COLOR, monochrome terminals). */
#include "agent-onboard/ui/theme.h"

static attr_t attrs[AO_R_COUNT];
static int use_color, use_utf8;

static const char *const spin_utf8[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏", NULL };
static const char *const spin_ascii[] = { "|", "/", "-", "\\", NULL };

static const struct ao_glyphs utf8_glyphs = {
	"(•)", "( )", "[x]", "[ ]", "✓", "✗", "!", "-", "•", "›", "↑", "↓", "↑↓", "←→", "…", spin_utf8,
};
static const struct ao_glyphs ascii_glyphs = {
	"(*)", "( )", "[x]", "[ ]", "ok", "X", "!", "-", "*", ">", "^", "v", "Up/Down", "Left/Right", "...",
	spin_ascii,
};

void
ao_theme_init(int color, int utf8)
{
	int r;

	use_color = color;
	use_utf8 = utf8;
	for (r = 0; r < AO_R_COUNT; r++)
		attrs[r] = A_NORMAL;
	attrs[AO_R_TITLE] = A_REVERSE;
	attrs[AO_R_FOCUS] = A_REVERSE;
	attrs[AO_R_LABEL] = A_NORMAL;
	attrs[AO_R_KEY] = A_BOLD;
	attrs[AO_R_ERROR] = A_BOLD;
	attrs[AO_R_OK] = A_BOLD;
	attrs[AO_R_WARN] = A_BOLD;
	attrs[AO_R_DIM] = A_NORMAL;
	attrs[AO_R_QR] = A_NORMAL;
	if (!color)
		return;
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_GREEN, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_CYAN, -1);
	init_pair(5, COLOR_BLACK, COLOR_WHITE);
	attrs[AO_R_ERROR] = COLOR_PAIR(1) | A_BOLD;
	attrs[AO_R_OK] = COLOR_PAIR(2) | A_BOLD;
	attrs[AO_R_WARN] = COLOR_PAIR(3) | A_BOLD;
	attrs[AO_R_KEY] = COLOR_PAIR(4) | A_BOLD;
	attrs[AO_R_QR] = COLOR_PAIR(5);
}

attr_t
ao_attr(enum ao_role r)
{
	return r < AO_R_COUNT ? attrs[r] : A_NORMAL;
}

const struct ao_glyphs *
ao_glyphs(void)
{
	return use_utf8 ? &utf8_glyphs : &ascii_glyphs;
}

int
ao_theme_color(void)
{
	return use_color;
}

int
ao_theme_utf8(void)
{
	return use_utf8;
}

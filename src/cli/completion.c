/* SPDX-License-Identifier: MIT */
/* `agent-onboard completion bash|zsh|fish`: completion scripts generated
 * from the option table (cli/option_table.h) and, for create's field
 * flags, the core's field table, so the completions offer exactly what
 * --help documents.  assets/agent-onboard.{bash-completion,zsh,fish} are
 * this output, committed so that packagers need not run the program; the
 * docs_completion test fails when they differ from it.
 *
 * Completion never contacts the platform (no ids are looked up), and never
 * offers a secret flag (the field table's AO_FF_SECRET fields have none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/completion.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/core/model.h"

#define MAX_OPTS 96

/* One option of one command, as the generators need it. */
struct copt {
	const char *name;        /* "--kind" */
	const char *short_name;  /* "-h" or NULL */
	const char *arg;         /* "KIND", NULL for a flag */
	enum ao_option_value value;
	char choices[512];       /* space-separated */
	char help[160];          /* the first line of the help text */
};

static void
first_line(char *dst, size_t sz, const char *text)
{
	snprintf(dst, sz, "%.*s", (int)strcspn(text, "\n"), text);
}

/* command's own options ("" = the globals), then create's field flags. */
static size_t
collect(const char *command, struct copt *out)
{
	const struct ao_option *o;
	size_t n = 0;
	int f;

	for (o = ao_options; o->name != NULL && n < MAX_OPTS; o++) {
		if (strcmp(o->command, command) != 0)
			continue;
		/* --help is a global option; listing it again offers it twice */
		if (command[0] != '\0' && ao_option_find("", o->name) != NULL &&
		    ao_option_find("", o->name)->command[0] == '\0')
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].name = o->name;
		out[n].short_name = o->short_name;
		out[n].arg = o->value == AO_OPTV_NONE ? NULL : o->arg;
		out[n].value = o->value;
		snprintf(out[n].choices, sizeof(out[n].choices), "%s", o->choices ? o->choices : "");
		first_line(out[n].help, sizeof(out[n].help), o->help);
		n++;
	}
	if (!ao_option_fields_of(command))
		return n;
	for (f = 0; f < AO_FIELD_COUNT && n < MAX_OPTS; f++) {
		const struct ao_field_info *fi = ao_field_info((enum ao_field)f);
		static char names[AO_FIELD_COUNT][64];
		struct copt *c = &out[n];

		if (fi->flags & AO_FF_SECRET)
			continue;
		memset(c, 0, sizeof(*c));
		snprintf(names[f], sizeof(names[f]), "--%s", fi->flag);
		c->name = names[f];
		c->arg = (fi->flags & AO_FF_FILE) ? "FILE" : (fi->flags & AO_FF_URL) ? "URL" : "VALUE";
		c->value = (fi->flags & AO_FF_FILE) ? AO_OPTV_FILE : fi->choices ? AO_OPTV_CHOICE : AO_OPTV_TEXT;
		if (fi->choices != NULL) {
			const struct ao_choice *ch;
			size_t len = 0;

			for (ch = fi->choices; ch->value != NULL && len < sizeof(c->choices); ch++)
				len += (size_t)snprintf(c->choices + len, sizeof(c->choices) - len, "%s%s",
				                        len ? " " : "", ch->value);
		}
		first_line(c->help, sizeof(c->help), fi->help);
		n++;
	}
	return n;
}

/* The commands that take options, "wizard" (no command word) first. */
static const char *const option_commands[] = {
	"wizard", "create", "status", "list", "probe", "login", "logout", "doctor", "sandbox",
};
#define N_OPTION_COMMANDS (sizeof(option_commands) / sizeof(option_commands[0]))

/* Every option name that takes a value in some command or globally, so a
 * value ("--timeout 60", "--answers FILE") is never taken for a command. */
static void
print_valued(FILE *out)
{
	struct copt opts[MAX_OPTS];
	char seen[4096] = " ";
	size_t k, i, n;

	for (k = 0; k <= N_OPTION_COMMANDS; k++) {
		n = collect(k == 0 ? "" : option_commands[k - 1], opts);
		for (i = 0; i < n; i++) {
			char key[80];

			snprintf(key, sizeof(key), "%s ", opts[i].name);
			if (opts[i].arg == NULL || strstr(seen, key) != NULL)
				continue;
			if (strlen(seen) + strlen(key) < sizeof(seen))
				strcat(seen, key);
			fprintf(out, " %s", opts[i].name);
		}
	}
}

static void
print_names(FILE *out, const struct copt *opts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (opts[i].short_name != NULL)
			fprintf(out, "%s%s", i ? " " : "", opts[i].short_name);
		fprintf(out, "%s%s", i || opts[i].short_name ? " " : "", opts[i].name);
	}
}

static void
command_words(FILE *out, const char *sep)
{
	const struct ao_command_info *c;
	int first = 1;

	for (c = ao_commands; c->name != NULL; c++) {
		if (strcmp(c->name, "wizard") == 0)
			continue;
		fprintf(out, "%s%s", first ? "" : sep, c->name);
		first = 0;
	}
}

/* --- bash ------------------------------------------------------------------- */

static void
bash_value_cases(FILE *out)
{
	struct copt opts[MAX_OPTS];
	size_t k, i, n;

	for (k = 0; k <= N_OPTION_COMMANDS; k++) {
		const char *cmd = k < N_OPTION_COMMANDS ? option_commands[k] : "";

		n = collect(cmd, opts);
		for (i = 0; i < n; i++) {
			const struct copt *o = &opts[i];

			if (o->arg == NULL)
				continue;
			/* globals last: a command's own option of the same name wins */
			if (cmd[0] != '\0')
				fprintf(out, "\t\"%s %s\")", cmd, o->name);
			else
				fprintf(out, "\t*\" %s\")", o->name);
			switch (o->value) {
			case AO_OPTV_FILE: fprintf(out, " _agent_onboard_files ;;\n"); break;
			case AO_OPTV_FILE_OR_STDIN: fprintf(out, " _agent_onboard_files - ;;\n"); break;
			case AO_OPTV_CHOICE: fprintf(out, " _agent_onboard_words \"%s\" ;;\n", o->choices); break;
			default: fprintf(out, " ;;\n"); break;
			}
		}
	}
}

static void
print_bash(FILE *out)
{
	struct copt opts[MAX_OPTS];
	size_t k, n;

	fprintf(out,
	        "# SPDX-License-Identifier: MIT\n"
	        "# bash completion for agent-onboard                          -*- shell-script -*-\n"
	        "# Generated by `agent-onboard completion bash` from the option table\n"
	        "# (src/cli/option_table.c): change the table, then regenerate this file.\n"
	        "# Installed by `make install` to share/bash-completion/completions/agent-onboard.\n"
	        "# Completion never contacts the platform (no ids are looked up).\n"
	        "\n"
	        "_agent_onboard_commands=\"");
	command_words(out, " ");
	fprintf(out, "\"\n_agent_onboard_global_opts=\"");
	n = collect("", opts);
	print_names(out, opts, n);
	fprintf(out, "\"\n# each command's own options; the global ones are offered with them\n");
	for (k = 0; k < N_OPTION_COMMANDS; k++) {
		n = collect(option_commands[k], opts);
		fprintf(out, "_agent_onboard_opts_%s=\"", option_commands[k]);
		print_names(out, opts, n);
		fprintf(out, "\"\n");
	}
	fprintf(out, "# options that take a value: that value is never the command word\n"
	        "_agent_onboard_valued=\"");
	print_valued(out);
	fprintf(out, " \"\n");
	fprintf(out,
	        "\n"
	        "# mapfile, not COMPREPLY=($(...)): a file name with spaces stays one word\n"
	        "_agent_onboard_words() {\n"
	        "\tmapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\")\n"
	        "}\n"
	        "_agent_onboard_files() {\n"
	        "\tcompopt -o filenames 2>/dev/null\n"
	        "\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	        "\tif [[ $1 == - && -z $cur ]]; then COMPREPLY+=(-); fi\n"
	        "}\n"
	        "\n"
	        "# _agent_onboard_value COMMAND OPTION: completes OPTION's value; 1 when\n"
	        "# OPTION takes none\n"
	        "_agent_onboard_value() {\n"
	        "\tcase \"$1 $2\" in\n");
	bash_value_cases(out);
	fprintf(out,
	        "\t*) return 1 ;;\n"
	        "\tesac\n"
	        "\treturn 0\n"
	        "}\n"
	        "\n"
	        "_agent_onboard() {\n"
	        "\tlocal cur prev cmd= i w var\n"
	        "\tCOMPREPLY=()\n"
	        "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	        "\tprev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	        "\t# --opt=value: bash splits at the '='\n"
	        "\tif [[ $cur == = ]]; then\n"
	        "\t\tcur=\n"
	        "\telif [[ $prev == = && COMP_CWORD -gt 1 ]]; then\n"
	        "\t\tprev=${COMP_WORDS[COMP_CWORD - 2]}\n"
	        "\tfi\n"
	        "\n"
	        "\t# the command is the first word that names one, values of options\n"
	        "\t# skipped; after -- come only arguments (ids are not looked up)\n"
	        "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	        "\t\tw=${COMP_WORDS[i]}\n"
	        "\t\tif [[ $w == -- ]]; then\n"
	        "\t\t\treturn\n"
	        "\t\telif [[ $_agent_onboard_valued == *\" $w \"* && ${COMP_WORDS[i + 1]} != = ]]; then\n"
	        "\t\t\t((i++))\n"
	        "\t\telif [[ -z $cmd && \" $_agent_onboard_commands \" == *\" $w \"* ]]; then\n"
	        "\t\t\tcmd=$w\n"
	        "\t\tfi\n"
	        "\tdone\n"
	        "\n"
	        "\tif [[ $prev == -* ]] && _agent_onboard_value \"${cmd:-wizard}\" \"$prev\"; then\n"
	        "\t\treturn\n"
	        "\tfi\n"
	        "\tif [[ $cur == -* ]]; then\n"
	        "\t\tcase $cmd in\n"
	        "\t\thelp | completion) ;;\n"
	        "\t\t*)\n"
	        "\t\t\tvar=_agent_onboard_opts_${cmd:-wizard}\n"
	        "\t\t\t_agent_onboard_words \"${!var} $_agent_onboard_global_opts\" ;;\n"
	        "\t\tesac\n"
	        "\t\treturn\n"
	        "\tfi\n"
	        "\tcase $cmd in\n"
	        "\t\"\") _agent_onboard_words \"$_agent_onboard_commands\" ;;\n"
	        "\thelp) [[ $prev == help ]] && _agent_onboard_words \"$_agent_onboard_commands\" ;;\n"
	        "\tcompletion) [[ $prev == completion ]] && _agent_onboard_words \"bash zsh fish\" ;;\n"
	        "\tesac\n"
	        "} &&\n"
	        "\tcomplete -F _agent_onboard agent-onboard\n"
	        "\n"
	        "# ex: filetype=sh\n");
}

/* --- zsh -------------------------------------------------------------------- */

/* Text inside '...' in a zsh _arguments spec: no quote, no brackets, no
 * colon (they end the description). */
static void
zsh_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else if (*s == '[')
			fputc('(', out);
		else if (*s == ']')
			fputc(')', out);
		else if (*s == ':')
			fputc(',', out);
		else if (*s == '\\')
			fputc('/', out);
		else
			fputc(*s, out);
	}
}

static void
zsh_spec(FILE *out, const struct copt *o)
{
	fputs("\t\t'", out);
	if (o->short_name != NULL)
		fprintf(out, "(%s %s)'{%s,%s}'", o->short_name, o->name, o->short_name, o->name);
	else
		fputs(o->name, out);
	if (o->arg != NULL)
		fputc('=', out);
	fputc('[', out);
	zsh_text(out, o->help);
	fputc(']', out);
	if (o->arg != NULL) {
		fputc(':', out);
		zsh_text(out, o->arg);
		switch (o->value) {
		case AO_OPTV_FILE:
		case AO_OPTV_FILE_OR_STDIN: fputs(":_files", out); break;
		case AO_OPTV_CHOICE: fputs(":(", out); zsh_text(out, o->choices); fputc(')', out); break;
		default: fputs(": ", out); break;
		}
	}
	fputs("'\n", out);
}

static void
print_zsh(FILE *out)
{
	const struct ao_command_info *c;
	struct copt opts[MAX_OPTS];
	size_t k, i, n;

	fprintf(out,
	        "#compdef agent-onboard\n"
	        "# SPDX-License-Identifier: MIT\n"
	        "# zsh completion for agent-onboard.\n"
	        "# Generated by `agent-onboard completion zsh` from the option table\n"
	        "# (src/cli/option_table.c): change the table, then regenerate this file.\n"
	        "# Installed as share/zsh/vendor-completions/_agent-onboard.\n"
	        "# Completion never contacts the platform (no ids are looked up).\n"
	        "\n"
	        "_agent_onboard_commands() {\n"
	        "\tlocal -a commands\n"
	        "\tcommands=(\n");
	for (c = ao_commands; c->name != NULL; c++) {
		if (strcmp(c->name, "wizard") == 0)
			continue;
		fprintf(out, "\t\t'%s:", c->name);
		zsh_text(out, c->summary);
		fprintf(out, "'\n");
	}
	fprintf(out,
	        "\t)\n"
	        "\t_describe -t commands 'agent-onboard command' commands\n"
	        "}\n"
	        "\n"
	        "_agent-onboard() {\n"
	        "\tlocal cmd= w i\n"
	        "\tlocal -a specs\n"
	        "\tlocal valued='");
	print_valued(out);
	fprintf(out, " '\n"
	        "\t# the command is the first word that names one, option values skipped\n"
	        "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	        "\t\tw=$words[i]\n"
	        "\t\tif [[ $w == -- ]]; then\n"
	        "\t\t\tbreak\n"
	        "\t\telif [[ $valued == *\" $w \"* ]]; then\n"
	        "\t\t\t(( i++ ))\n"
	        "\t\telif [[ -z $cmd && \" ");
	command_words(out, " ");
	fprintf(out, " \" == *\" $w \"* ]]; then\n"
	        "\t\t\tcmd=$w\n"
	        "\t\tfi\n"
	        "\tdone\n"
	        "\n"
	        "\tspecs=(\n");
	n = collect("", opts);
	for (i = 0; i < n; i++)
		zsh_spec(out, &opts[i]);
	fprintf(out, "\t)\n"
	        "\tcase ${cmd:-wizard} in\n");
	for (k = 0; k < N_OPTION_COMMANDS; k++) {
		n = collect(option_commands[k], opts);
		fprintf(out, "\t%s)\n\t\tspecs+=(\n", option_commands[k]);
		for (i = 0; i < n; i++) {
			fputc('\t', out);
			zsh_spec(out, &opts[i]);
		}
		fprintf(out, "\t\t) ;;\n");
	}
	fprintf(out,
	        "\tesac\n"
	        "\tif [[ -z $cmd ]]; then\n"
	        "\t\t_arguments -s -S : $specs '1: :_agent_onboard_commands'\n"
	        "\telif [[ $cmd == help ]]; then\n"
	        "\t\t_arguments -s -S : $specs '*: :_agent_onboard_commands'\n"
	        "\telif [[ $cmd == completion ]]; then\n"
	        "\t\t_arguments -s -S : $specs '*:shell:(bash zsh fish)'\n"
	        "\telse\n"
	        "\t\t_arguments -s -S : $specs '*: : '\n"
	        "\tfi\n"
	        "}\n"
	        "\n"
	        "_agent-onboard \"$@\"\n");
}

/* --- fish ------------------------------------------------------------------- */

/* Text inside '...' in fish. */
static void
fish_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void
fish_option(FILE *out, const char *condition, const struct copt *o)
{
	fputs("complete -c agent-onboard", out);
	if (condition != NULL)
		fprintf(out, " -n '%s'", condition);
	if (o->short_name != NULL)
		fprintf(out, " -s %s", o->short_name + 1);
	fprintf(out, " -l %s", o->name + 2);
	switch (o->arg != NULL ? o->value : AO_OPTV_NONE) {
	case AO_OPTV_FILE:
	case AO_OPTV_FILE_OR_STDIN: fputs(" -r -F", out); break;
	case AO_OPTV_CHOICE: fputs(" -x -a '", out); fish_text(out, o->choices); fputc('\'', out); break;
	case AO_OPTV_TEXT: fputs(" -x", out); break;
	default: break;
	}
	fputs(" -d '", out);
	fish_text(out, o->help);
	fputs("'\n", out);
}

static void
print_fish(FILE *out)
{
	const struct ao_command_info *c;
	struct copt opts[MAX_OPTS];
	size_t k, i, n;

	fprintf(out,
	        "# SPDX-License-Identifier: MIT\n"
	        "# fish completion for agent-onboard.\n"
	        "# Generated by `agent-onboard completion fish` from the option table\n"
	        "# (src/cli/option_table.c): change the table, then regenerate this file.\n"
	        "# Installed as share/fish/vendor_completions.d/agent-onboard.fish.\n"
	        "# Completion never contacts the platform (no ids are looked up).\n"
	        "\n"
	        "# The command word: the first that names one, option values skipped.\n"
	        "function __agent_onboard_command\n"
	        "    set -l tokens (commandline -opc)\n"
	        "    set -l skip 0\n"
	        "    for t in $tokens[2..-1]\n"
	        "        if test $skip = 1\n"
	        "            set skip 0\n"
	        "        else if test \"$t\" = --\n"
	        "            break\n"
	        "        else if contains -- $t");
	print_valued(out);
	fprintf(out, "\n"
	        "            set skip 1\n"
	        "        else if contains -- $t ");
	command_words(out, " ");
	fprintf(out, "\n"
	        "            echo $t\n"
	        "            return 0\n"
	        "        end\n"
	        "    end\n"
	        "    echo wizard\n"
	        "end\n"
	        "\n"
	        "function __agent_onboard_using\n"
	        "    test (__agent_onboard_command) = $argv[1]\n"
	        "end\n"
	        "\n"
	        "complete -c agent-onboard -f\n");
	for (c = ao_commands; c->name != NULL; c++) {
		if (strcmp(c->name, "wizard") == 0)
			continue;
		fprintf(out, "complete -c agent-onboard -n '__agent_onboard_using wizard' -a %s -d '", c->name);
		fish_text(out, c->summary);
		fputs("'\n", out);
	}
	fputs("complete -c agent-onboard -n '__agent_onboard_using help' -a '", out);
	command_words(out, " ");
	fputs("'\n", out);
	fputs("complete -c agent-onboard -n '__agent_onboard_using completion' -a 'bash zsh fish'\n", out);
	fputs("\n# global options, anywhere on the line\n", out);
	n = collect("", opts);
	for (i = 0; i < n; i++)
		fish_option(out, NULL, &opts[i]);
	for (k = 0; k < N_OPTION_COMMANDS; k++) {
		char cond[64];

		fprintf(out, "\n# %s\n", option_commands[k]);
		snprintf(cond, sizeof(cond), "__agent_onboard_using %s", option_commands[k]);
		n = collect(option_commands[k], opts);
		for (i = 0; i < n; i++)
			fish_option(out, cond, &opts[i]);
	}
}

int
ao_completion_print(FILE *out, const char *shell)
{
	if (strcmp(shell, "bash") == 0)
		print_bash(out);
	else if (strcmp(shell, "zsh") == 0)
		print_zsh(out);
	else if (strcmp(shell, "fish") == 0)
		print_fish(out);
	else
		return -1;
	return 0;
}

void
ao_completion_help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard completion bash|zsh|fish\n"
	        "\n"
	        "Prints a completion script for the shell, generated from the same option table\n"
	        "as every command's --help. `make install` installs all three; by hand:\n"
	        "  bash: agent-onboard completion bash > ~/.local/share/bash-completion/completions/agent-onboard\n"
	        "  zsh:  agent-onboard completion zsh > ~/.zfunc/_agent-onboard  (with ~/.zfunc in $fpath)\n"
	        "  fish: agent-onboard completion fish > ~/.config/fish/completions/agent-onboard.fish\n");
}

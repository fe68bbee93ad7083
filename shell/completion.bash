# msid completion for bash: commands, options, their values and account names.
# The prompt hook's line (eval "$(msid-env --hook bash)") installs it too; alone:
#   source <(msid completion bash)
#
# Each Tab asks msid what may come next (msid __complete); msid reads its command declarations
# and, for account names, config.json alone: no keychain, no network. Account names come from
# identity servers, so every word is inserted quoted with printf %q and never evaluated (no
# compgen -W, which expands its word list).

__msid_complete() {
	local -a __msid_words=() __msid_lines=()
	local __msid_i __msid_word __msid_joining= __msid_strip __msid_line __msid_quoted __msid_last
	# Written for bash 3.2 too (macOS's /bin/bash): no mapfile, no negative array indices.
	# bash splits --format=json at the "=" (COMP_WORDBREAKS): put such words back together.
	for ((__msid_i = 1; __msid_i <= COMP_CWORD; __msid_i++)); do
		__msid_word=${COMP_WORDS[__msid_i]}
		__msid_last=$((${#__msid_words[@]} - 1))
		if [[ $__msid_word == = ]] && ((__msid_last >= 0)) && [[ ${__msid_words[__msid_last]} == --* ]]; then
			__msid_words[__msid_last]+='='
			__msid_joining=1
		elif [[ -n $__msid_joining ]]; then
			__msid_words[__msid_last]+=$__msid_word
			__msid_joining=
		else
			__msid_words+=("$__msid_word")
		fi
	done

	# bash replaces only the last piece of a split word: answers lose what comes before it.
	__msid_last=$((${#__msid_words[@]} - 1))
	__msid_strip=${__msid_words[__msid_last]%"${COMP_WORDS[COMP_CWORD]}"}
	while IFS= read -r __msid_line; do
		__msid_lines+=("$__msid_line")
	done < <(command msid __complete "${__msid_words[@]/#/--word=}" 2>/dev/null </dev/null)
	COMPREPLY=()
	case ${__msid_lines[0]-} in
		files)
			# Without compopt (bash 4.0) the names are offered all the same, only not marked as files.
			compopt -o filenames 2>/dev/null
			while IFS= read -r __msid_line; do
				COMPREPLY+=("$__msid_line")
			done < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]}")
			;;
		words)
			for __msid_line in "${__msid_lines[@]:1}"; do
				printf -v __msid_quoted '%q' "${__msid_line%%$'\t'*}"
				COMPREPLY+=("${__msid_quoted#"$__msid_strip"}")
			done
			;;
	esac
}

complete -F __msid_complete msid

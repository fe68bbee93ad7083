#compdef msid
# msid completion for zsh: commands, options, their values and account names.
# The prompt hook's line (eval "$(msid-env --hook zsh)") installs it too; alone:
#   source <(msid completion zsh)        or save it as _msid in a folder of $fpath
#
# Each Tab asks msid what may come next (msid __complete); msid reads its command declarations
# and, for account names, config.json alone: no keychain, no network. Account names come from
# identity servers: compadd quotes each word it inserts, and nothing is evaluated.

_msid() {
	local -a __msid_lines __msid_candidates __msid_displays
	local __msid_line __msid_word
	__msid_lines=("${(@f)$(command msid __complete "--word="${^${(@Q)words[2,CURRENT-1]}} "--word=${(Q)PREFIX}" 2>/dev/null </dev/null)}")
	case ${__msid_lines[1]-} in
		files)
			_files
			;;
		words)
			for __msid_line in "${(@)__msid_lines[2,-1]}"; do
				[[ -n $__msid_line ]] || continue
				__msid_word=${__msid_line%%$'\t'*}
				__msid_candidates+=("$__msid_word")
				if [[ $__msid_line == *$'\t'* ]]; then
					__msid_displays+=("$__msid_word  -- ${__msid_line#*$'\t'}")
				else
					__msid_displays+=("$__msid_word")
				fi
			done
			((${#__msid_candidates})) && compadd -l -d __msid_displays -- "${__msid_candidates[@]}"
			;;
	esac
}

if [[ ${funcstack[1]-} == _msid ]]; then
	# Autoloaded from a file named _msid in $fpath.
	_msid "$@"
elif (($+functions[compdef])); then
	compdef _msid msid
else
	# compinit has not run yet (it often comes later in .zshrc): register at the first prompt.
	__msid_compdef_later() {
		precmd_functions=(${precmd_functions:#__msid_compdef_later})
		(($+functions[compdef])) && compdef _msid msid
		unfunction __msid_compdef_later
	}
	precmd_functions+=(__msid_compdef_later)
fi

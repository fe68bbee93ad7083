# msid prompt hook for zsh: keeps the token that msid-env exports fresh.
# Install with one line in ~/.zshrc:   eval "$(msid-env --hook zsh)"
#                                 or:  source /path/to/msid/shell/msid.zsh
#
# Before each prompt (precmd_functions) it compares MSID_TOKEN_EXPIRES_ON with the shell's
# own clock (zsh/datetime's EPOCHSECONDS) and runs msid-env only when fewer than 5 minutes
# remain, the token is missing, or the nearest .msid.json (found with `test -f`) is another
# one than before. A prompt with a fresh token runs builtins only: no subshell, no program.
# A failure is reported once, until a success. MSID_ENV_COMMAND names another msid-env;
# MSID_HOOK_RETRY_SECONDS (default 30) spaces out retries after a failure.

zmodload -F zsh/datetime p:EPOCHSECONDS

__msid_prompt_hook() {
	local __msid_status=$?
	emulate -L zsh
	local __msid_now=$EPOCHSECONDS __msid_run=

	if [[ ${__msid_pwd-} != "$PWD" ]]; then
		typeset -g __msid_pwd=$PWD
		__msid_find_dir_config
		# Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
		if [[ ${__msid_dir_last-unset} != "$__msid_dir_found" ]]; then
			typeset -g __msid_dir_last=$__msid_dir_found
			[[ $__msid_dir_found != "${MSID_DIR_CONFIG-}" ]] && __msid_run=1
		fi
	fi

	# The value comes from the environment: check it is digits before arithmetic evaluates it.
	local __msid_expires=${MSID_TOKEN_EXPIRES_ON-}
	if [[ -z $__msid_run ]] && { [[ $__msid_expires != <-> || ${#__msid_expires} -gt 15 ]] || ((__msid_expires - __msid_now < 300)) }; then
		[[ ${__msid_retry_at-} == <-> ]] && ((__msid_now < __msid_retry_at)) || __msid_run=1
	fi

	[[ -n $__msid_run ]] && __msid_refresh $__msid_now
	return $__msid_status
}

# Sets __msid_dir_found to the nearest .msid.json, or empty: the same path strings msid-env builds.
__msid_find_dir_config() {
	local dir=${PWD%/}
	typeset -g __msid_dir_found=
	while :; do
		if [[ -f $dir/.msid.json ]]; then
			__msid_dir_found=$dir/.msid.json
			return
		fi

		[[ -n $dir ]] || return
		dir=${dir%/*}
	done
}

__msid_refresh() {
	# Prefixed locals: the eval below must not set a local that shadows an exported name.
	local __msid_command=${MSID_ENV_COMMAND:-msid-env} __msid_code __msid_retry=${MSID_HOOK_RETRY_SECONDS-30}
	[[ $__msid_retry == <-> && ${#__msid_retry} -le 6 ]] || __msid_retry=30
	if ! (( $+commands[$__msid_command] )) && [[ ! -x $__msid_command ]]; then
		[[ -n ${__msid_reported-} ]] || print -ru2 -- "msid: $__msid_command not found; install msid or set MSID_ENV_COMMAND."
	elif [[ -n ${__msid_reported-} ]]; then
		if __msid_code=$("$__msid_command" --shell zsh </dev/null 2>/dev/null); then
			eval "$__msid_code"
			unset __msid_reported __msid_retry_at
			return
		fi
	else
		# The first failure shows msid-env's own explanation; later ones stay quiet.
		if __msid_code=$("$__msid_command" --shell zsh </dev/null); then
			eval "$__msid_code"
			unset __msid_retry_at
			return
		fi
	fi

	typeset -g __msid_reported=1 __msid_retry_at=$(($1 + __msid_retry))
}

typeset -ga precmd_functions
(( ${precmd_functions[(Ie)__msid_prompt_hook]} )) || precmd_functions=(__msid_prompt_hook $precmd_functions)

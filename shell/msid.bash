# msid prompt hook for bash 4.4+: keeps the token that msid-env exports fresh.
# Install with one line in ~/.bashrc:   eval "$(msid-env --hook bash)"
#                                  or:  source /path/to/msid/shell/msid.bash
#
# Before each prompt it compares MSID_TOKEN_EXPIRES_ON with the shell's own clock and runs
# msid-env only when fewer than 5 minutes remain, the token is missing, or the nearest
# .msid.json (found with `test -f`) is another one than before. A prompt with a fresh token
# runs builtins only: no subshell, no program. A failure is reported once, until a success.
# MSID_ENV_COMMAND names another msid-env; MSID_HOOK_RETRY_SECONDS (default 30) spaces out
# retries after a failure.

__msid_prompt_hook() {
	local __msid_status=$? __msid_now __msid_run=
	if [[ -n ${EPOCHSECONDS-} ]]; then
		__msid_now=$EPOCHSECONDS
	else
		printf -v __msid_now '%(%s)T' -1
	fi

	if [[ ${__msid_pwd-} != "$PWD" ]]; then
		__msid_pwd=$PWD
		__msid_find_dir_config
		# Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
		if [[ ${__msid_dir_last-unset} != "$__msid_dir_found" ]]; then
			__msid_dir_last=$__msid_dir_found
			[[ $__msid_dir_found != "${MSID_DIR_CONFIG-}" ]] && __msid_run=1
		fi
	fi

	# The value comes from the environment: check it is digits before arithmetic evaluates it.
	local __msid_expires=${MSID_TOKEN_EXPIRES_ON-}
	if [[ -z $__msid_run ]] && { [[ ! $__msid_expires =~ ^[0-9]{1,15}$ ]] || ((10#$__msid_expires - __msid_now < 300)); }; then
		[[ ${__msid_retry_at-} =~ ^[0-9]+$ ]] && ((__msid_now < __msid_retry_at)) || __msid_run=1
	fi

	[[ -n $__msid_run ]] && __msid_refresh "$__msid_now"
	return "$__msid_status"
}

# Sets __msid_dir_found to the nearest .msid.json, or empty: the same path strings msid-env builds.
__msid_find_dir_config() {
	local dir=${PWD%/}
	__msid_dir_found=
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
	[[ $__msid_retry =~ ^[0-9]{1,6}$ ]] || __msid_retry=30
	if ! command -v "$__msid_command" >/dev/null; then
		[[ -n ${__msid_reported-} ]] || printf 'msid: %s not found; install msid or set MSID_ENV_COMMAND.\n' "$__msid_command" >&2
	elif [[ -n ${__msid_reported-} ]]; then
		__msid_code=$("$__msid_command" --shell bash </dev/null 2>/dev/null) && {
			eval "$__msid_code"
			unset __msid_reported __msid_retry_at
			return
		}
	else
		# The first failure shows msid-env's own explanation; later ones stay quiet.
		__msid_code=$("$__msid_command" --shell bash </dev/null) && {
			eval "$__msid_code"
			unset __msid_retry_at
			return
		}
	fi

	__msid_reported=1
	__msid_retry_at=$(($1 + 10#$__msid_retry))
}

# Run first, keeping whatever PROMPT_COMMAND already does (a string, or an array in bash 5.1+).
if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) && [[ ${PROMPT_COMMAND@a} == *a* ]]; then
	[[ " ${PROMPT_COMMAND[*]} " == *" __msid_prompt_hook "* ]] || PROMPT_COMMAND=(__msid_prompt_hook "${PROMPT_COMMAND[@]}")
else
	case ";${PROMPT_COMMAND-};" in
		*";__msid_prompt_hook;"*) ;;
		*) PROMPT_COMMAND="__msid_prompt_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
	esac
fi

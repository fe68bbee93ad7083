# msid prompt hook for bash (3.2 and later): keeps the token that msid-env exports fresh.
# Install with one line in ~/.bashrc (macOS Terminal starts login shells: ~/.bash_profile):
#     eval "$(msid-env --hook bash)"      or:  source /path/to/msid/shell/msid.bash
#
# The prompt never waits for the network. Before each prompt the hook compares the shell's own
# clock with MSID_TOKEN_REFRESH_AT (the second after which msid's refresh rule wants a new
# token: msid-env exports it). A prompt with a fresh token runs builtins only: no subshell, no
# program. A token that is due is refreshed by msid-env in the background while the old one
# stays exported; the first prompt after the refresh is done exports the new one (through
# `msid-env --cached`, which never contacts the provider). The same quick run applies the
# nearest .msid.json when it changes (found with `test -f`) and after `msid allow`.
# One refresh runs at a time; it prints nothing over your typing (its messages go to a file)
# and leaves no job or zombie behind. Once the token has expired and no refresh succeeded,
# one line says so. MSID_ENV_COMMAND names another msid-env; MSID_HOOK_RETRY_SECONDS
# (default 30) spaces out retries after a failure.

# The clock: $EPOCHSECONDS (bash 5), printf's %(...)T (bash 4.2), else one reading of `date`
# at the first prompt plus $SECONDS (bash 3.2, macOS's /bin/bash): never a process per prompt.
if [[ -n ${EPOCHSECONDS-} ]]; then
	__msid_clock=epoch
elif ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 402)); then
	__msid_clock=printf
else
	__msid_clock=seconds
fi

__msid_read_clock() {
	case $__msid_clock in
		epoch) __msid_now=$EPOCHSECONDS ;;
		printf) printf -v __msid_now '%(%s)T' -1 ;;
		*)
			# Read `date` the first time, and again after SECONDS was set back (prompt timers reset it).
			if [[ -z ${__msid_seconds0-} ]] || ((SECONDS < __msid_seconds0)); then
				__msid_epoch0=$(command date +%s) __msid_seconds0=$SECONDS
			fi
			__msid_now=$((__msid_epoch0 + SECONDS - __msid_seconds0))
			;;
	esac
}

# A private folder for the background refresh's exit status and messages, and for `msid allow`
# to leave word that the directory's choice changed (MSID_HOOK_DIR).
__msid_dir=$(command mktemp -d "${TMPDIR:-/tmp}/msid-hook.XXXXXX" 2>/dev/null) && export MSID_HOOK_DIR=$__msid_dir
__msid_seq=0
# A shell that starts without a token (a new terminal) exports the cached one at its first prompt.
[[ -n ${MSID_TOKEN_REFRESH_AT-} ]] || __msid_sync=1

__msid_prompt_hook() {
	local __msid_status=$? __msid_now
	__msid_read_clock

	# A background refresh that finished: a success is applied below, a failure remembered.
	[[ -n ${__msid_job-} ]] && __msid_collect
	if [[ -n $__msid_dir && -e $__msid_dir/allow ]]; then
		command rm -f -- "$__msid_dir/allow"
		__msid_sync=1
	fi

	if [[ ${__msid_pwd-} != "$PWD" ]]; then
		__msid_pwd=$PWD
		__msid_find_dir_config
		# Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
		if [[ ${__msid_dir_last-unset} != "$__msid_dir_found" ]]; then
			__msid_dir_last=$__msid_dir_found
			[[ $__msid_dir_found != "${MSID_DIR_CONFIG-}" ]] && __msid_sync=1
		fi
	fi

	[[ -n ${__msid_sync-} ]] && __msid_retry_allows && __msid_apply_cached

	# The values come from the environment: check they are digits before arithmetic reads them.
	local __msid_refresh_at=${MSID_TOKEN_REFRESH_AT-}
	if [[ -z ${__msid_job-}${__msid_reported-} ]] && { [[ ! $__msid_refresh_at =~ ^[0-9]{1,15}$ ]] || ((__msid_now > 10#$__msid_refresh_at)); }; then
		__msid_retry_allows && __msid_start_refresh
	fi

	__msid_expired_notice
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

__msid_retry_allows() {
	[[ ! ${__msid_retry_at-} =~ ^[0-9]+$ ]] || ((__msid_now >= __msid_retry_at))
}

__msid_failed_now() {
	local __msid_retry=${MSID_HOOK_RETRY_SECONDS-30}
	[[ $__msid_retry =~ ^[0-9]{1,6}$ ]] || __msid_retry=30
	__msid_retry_at=$((__msid_now + 10#$__msid_retry))
}

__msid_command_found() {
	__msid_command=${MSID_ENV_COMMAND:-msid-env}
	command -v "$__msid_command" >/dev/null && return
	[[ -n ${__msid_reported-} ]] || printf 'msid: %s not found; install msid or set MSID_ENV_COMMAND.\n' "$__msid_command" >&2
	__msid_reported=1 __msid_sync=1
	__msid_failed_now
	return 1
}

# Exports the cached token (msid-env --cached never contacts the provider), or nothing when
# none is cached: then the refresh below starts.
__msid_apply_cached() {
	# Prefixed locals: the eval below must not set a local that shadows an exported name.
	local __msid_command __msid_code
	__msid_sync=
	__msid_command_found || return
	if [[ -n ${__msid_reported-} ]]; then
		__msid_code=$("$__msid_command" --shell bash --cached </dev/null 2>/dev/null)
	else
		# The first failure shows msid-env's own explanation; later ones stay quiet.
		__msid_code=$("$__msid_command" --shell bash --cached </dev/null)
	fi || {
		# The quick run failed (no account, a bad .msid.json...): a refresh would fail the same
		# way, so the quick run is what is tried again, after the retry delay.
		__msid_reported=1 __msid_sync=1
		__msid_failed_now
		return
	}

	unset __msid_reported
	[[ -n $__msid_code ]] && eval "$__msid_code"
}

__msid_start_refresh() {
	local __msid_command
	__msid_command_found || return
	[[ -n $__msid_dir ]] || return
	__msid_seq=$((__msid_seq + 1))
	__msid_job=$__msid_dir/$__msid_seq
	__msid_job_since=$__msid_now
	# Two forks: the refresh is no job of this shell, so bash announces nothing, leaves no
	# zombie, and a Ctrl-C at the prompt does not reach it. msid-env stores what it gets in the
	# keychain; its output is not needed here, its messages go to a file.
	( ("$__msid_command" --shell bash </dev/null >/dev/null 2>"$__msid_job.err"
		printf '%s\n' "$?" >"$__msid_job.rc") & ) >/dev/null 2>&1
}

# Called while a refresh runs: is it done? A success makes this prompt apply the new token.
__msid_collect() {
	local __msid_rc=
	[[ -s $__msid_job.rc ]] && read -r __msid_rc <"$__msid_job.rc"
	if [[ -z $__msid_rc ]]; then
		# msid-env bounds its own waits; a refresh this old is lost: stop waiting for it.
		((__msid_now - __msid_job_since > 300)) || return
		__msid_rc=lost
	fi

	if [[ $__msid_rc == 0 ]]; then
		__msid_sync=1
		unset __msid_failure __msid_noticed __msid_retry_at
	else
		__msid_failure=
		[[ -s $__msid_job.err ]] && read -r __msid_failure <"$__msid_job.err"
		__msid_failure=${__msid_failure//[[:cntrl:]]/}
		: "${__msid_failure:=the refresh did not finish}"
		__msid_failed_now
	fi

	command rm -f -- "$__msid_job.rc" "$__msid_job.err"
	__msid_job=
}

# Once the exported token has expired and the last refresh failed: one line, once.
__msid_expired_notice() {
	[[ -n ${__msid_failure-} && -z ${__msid_noticed-} ]] || return
	local __msid_expires=${MSID_TOKEN_EXPIRES_ON-}
	[[ $__msid_expires =~ ^[0-9]{1,15}$ ]] && ((__msid_now < 10#$__msid_expires)) && return
	printf 'msid: no valid token, and the refresh failed: %s\n' "$__msid_failure" >&2
	__msid_noticed=1
}

# Run first, keeping whatever PROMPT_COMMAND already does (a string, or an array in bash 5.1+).
# (${var@a} is bash 4.4 syntax: behind eval, so bash 3.2 never parses it.)
if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) && eval '[[ ${PROMPT_COMMAND@a} == *a* ]]'; then
	[[ " ${PROMPT_COMMAND[*]} " == *" __msid_prompt_hook "* ]] || PROMPT_COMMAND=(__msid_prompt_hook "${PROMPT_COMMAND[@]}")
else
	case ";${PROMPT_COMMAND-};" in
		*";__msid_prompt_hook;"*) ;;
		*) PROMPT_COMMAND="__msid_prompt_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
	esac
fi

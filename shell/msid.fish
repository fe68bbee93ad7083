# msid prompt hook for fish 3.5+: keeps the token that msid-env exports fresh.
# Install with one line in ~/.config/fish/config.fish:   msid-env --hook fish | source
#                                                   or:  source /path/to/msid/shell/msid.fish
#
# The prompt never waits for the network. Before each prompt (the fish_prompt event) the hook
# compares the time with MSID_TOKEN_REFRESH_AT (the second after which msid's refresh rule
# wants a new token: msid-env exports it). A prompt with a fresh token runs builtins only: no
# program. A token that is due is refreshed by msid-env in the background while the old one
# stays exported; the first prompt after the refresh is done exports the new one (through
# `msid-env --cached`, which never contacts the provider). The same quick run applies the
# nearest .msid.json when it changes (found with `test -f`) and after `msid allow`. One refresh
# runs at a time; it prints nothing over your typing (its messages go to a file) and leaves no
# job or zombie behind. Once the token has expired and no refresh succeeded, one line says so.
# MSID_ENV_COMMAND names another msid-env; MSID_HOOK_RETRY_SECONDS (default 30) spaces out
# retries after a failure.
#
# The clock: fish has no builtin for the time, and `date` would start a process at every
# prompt. The `path` builtin reads a file's modification time both as epoch seconds and as
# seconds ago, so their sum is the current epoch second (to within the second that may tick
# between the two reads), for any file that exists. `/` always does.

function __msid_now
    math (path mtime /) + (path mtime --relative /)
end

# A private folder for the background refresh's exit status and messages, and for `msid allow`
# to leave word that the directory's choice changed (MSID_HOOK_DIR).
set -l __msid_tmp /tmp
set -q TMPDIR[1]; and test -n "$TMPDIR"; and set __msid_tmp (string trim -r -c / -- $TMPDIR)
set -g __msid_dir (command mktemp -d $__msid_tmp/msid-hook.XXXXXX 2>/dev/null)
and set -gx MSID_HOOK_DIR $__msid_dir
set -g __msid_seq 0
# A shell that starts without a token (a new terminal) exports the cached one at its first prompt.
set -q MSID_TOKEN_REFRESH_AT; or set -g __msid_sync 1

function __msid_prompt_hook --on-event fish_prompt
    set -l now (__msid_now)

    # A background refresh that finished: a success is applied below, a failure remembered.
    test -n "$__msid_job"; and __msid_collect $now
    if test -n "$__msid_dir"; and test -e "$__msid_dir/allow"
        command rm -f -- "$__msid_dir/allow"
        set -g __msid_sync 1
    end

    if test "$__msid_pwd" != "$PWD"; or not set -q __msid_pwd
        set -g __msid_pwd $PWD
        __msid_find_dir_config
        # Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
        if not set -q __msid_dir_last; or test "$__msid_dir_last" != "$__msid_dir_found"
            set -g __msid_dir_last $__msid_dir_found
            test "$__msid_dir_found" != "$MSID_DIR_CONFIG"; and set -g __msid_sync 1
        end
    end

    test -n "$__msid_sync"; and __msid_retry_allows $now; and __msid_apply_cached $now

    # The value comes from the environment: check it is digits before math reads it.
    if test -z "$__msid_job$__msid_reported"
        set -l refresh_at "$MSID_TOKEN_REFRESH_AT"
        if not string match -qr '^[0-9]{1,15}$' -- $refresh_at; or test $now -gt $refresh_at
            __msid_retry_allows $now; and __msid_start_refresh $now
        end
    end

    __msid_expired_notice $now
end

# Sets __msid_dir_found to the nearest .msid.json, or empty: the same path strings msid-env builds.
function __msid_find_dir_config
    set -l dir $PWD
    set -g __msid_dir_found ''
    while true
        set -l file $dir/.msid.json
        test "$dir" = /; and set file /.msid.json
        if test -f $file
            set -g __msid_dir_found $file
            return
        end
        test "$dir" = /; and return
        set dir "$(path dirname -- $dir)"
    end
end

function __msid_retry_allows --argument-names now
    not string match -qr '^[0-9]+$' -- "$__msid_retry_at"; or test $now -ge $__msid_retry_at
end

function __msid_failed_now --argument-names now
    set -l retry 30
    string match -qr '^[0-9]{1,6}$' -- "$MSID_HOOK_RETRY_SECONDS"; and set retry $MSID_HOOK_RETRY_SECONDS
    set -g __msid_retry_at (math $now + $retry)
end

function __msid_command
    set -l command msid-env
    test -n "$MSID_ENV_COMMAND"; and set command $MSID_ENV_COMMAND
    echo $command
end

function __msid_command_found --argument-names command now
    command -q -- $command; and return
    set -q __msid_reported; or printf 'msid: %s not found; install msid or set MSID_ENV_COMMAND.\n' $command >&2
    set -g __msid_reported 1
    set -g __msid_sync 1
    __msid_failed_now $now
    return 1
end

# Exports the cached token (msid-env --cached never contacts the provider), or nothing when
# none is cached: then the refresh starts.
function __msid_apply_cached --argument-names now
    set -e __msid_sync
    set -l command (__msid_command)
    __msid_command_found $command $now; or return
    # msid-env prints nothing when it fails, and nothing when no token is cached.
    if set -q __msid_reported
        $command --shell fish --cached </dev/null 2>/dev/null | source
    else
        # The first failure shows msid-env's own explanation; later ones stay quiet.
        $command --shell fish --cached </dev/null | source
    end
    if test $pipestatus[1] -ne 0
        # The quick run failed (no account, a bad .msid.json...): a refresh would fail the same
        # way, so the quick run is what is tried again, after the retry delay.
        set -g __msid_reported 1
        set -g __msid_sync 1
        __msid_failed_now $now
        return
    end

    set -e __msid_reported
end

function __msid_start_refresh --argument-names now
    set -l command (__msid_command)
    __msid_command_found $command $now; or return
    test -n "$__msid_dir"; or return
    set -g __msid_seq (math $__msid_seq + 1)
    set -g __msid_job $__msid_dir/$__msid_seq
    set -g __msid_job_since $now
    # sh forks the refresh and exits at once: it is no job of fish's, so fish announces
    # nothing, leaves no zombie, and a Ctrl-C at the prompt does not reach it. msid-env stores
    # what it gets in the keychain; its output is not needed here, its messages go to a file.
    command sh -c '("$1" --shell fish </dev/null >/dev/null 2>"$2.err"; echo $? >"$2.rc") >/dev/null 2>&1 &' sh $command $__msid_job
end

# Called while a refresh runs: is it done? A success makes this prompt apply the new token.
function __msid_collect --argument-names now
    set -l rc
    test -s $__msid_job.rc; and read -l rc <$__msid_job.rc
    if test -z "$rc"
        # msid-env bounds its own waits; a refresh this old is lost: stop waiting for it.
        test (math $now - $__msid_job_since) -gt 300; or return
        set rc lost
    end

    if test "$rc" = 0
        set -g __msid_sync 1
        set -e __msid_failure __msid_noticed __msid_retry_at
    else
        set -l failure
        test -s $__msid_job.err; and read -l failure <$__msid_job.err
        set failure (string replace -ra '[[:cntrl:]]' '' -- "$failure")
        test -n "$failure"; or set failure 'the refresh did not finish'
        set -g __msid_failure $failure
        __msid_failed_now $now
    end

    command rm -f -- $__msid_job.rc $__msid_job.err
    set -g __msid_job ''
end

# Once the exported token has expired and the last refresh failed: one line, once.
function __msid_expired_notice --argument-names now
    test -n "$__msid_failure"; and not set -q __msid_noticed; or return
    set -l expires "$MSID_TOKEN_EXPIRES_ON"
    string match -qr '^[0-9]{1,15}$' -- $expires; and test $now -lt $expires; and return
    printf 'msid: no valid token, and the refresh failed: %s\n' "$__msid_failure" >&2
    set -g __msid_noticed 1
end

# The folder goes when the shell does.
function __msid_exit --on-event fish_exit
    test -n "$__msid_dir"; and command rm -rf -- $__msid_dir
end

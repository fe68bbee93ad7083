# msid prompt hook for fish 3.5+: keeps the token that msid-env exports fresh.
# Install with one line in ~/.config/fish/config.fish:   msid-env --hook fish | source
#                                                   or:  source /path/to/msid/shell/msid.fish
#
# Before each prompt (the fish_prompt event) it compares MSID_TOKEN_EXPIRES_ON with the time
# and runs msid-env only when fewer than 5 minutes remain, the token is missing, or the
# nearest .msid.json (found with `test -f`) is another one than before. A prompt with a fresh
# token runs builtins only: no program. A failure is reported once, until a success.
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

function __msid_prompt_hook --on-event fish_prompt
    set -l now (__msid_now)
    set -l run

    if test "$__msid_pwd" != "$PWD"; or not set -q __msid_pwd
        set -g __msid_pwd $PWD
        __msid_find_dir_config
        # Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
        if not set -q __msid_dir_last; or test "$__msid_dir_last" != "$__msid_dir_found"
            set -g __msid_dir_last $__msid_dir_found
            test "$__msid_dir_found" != "$MSID_DIR_CONFIG"; and set run 1
        end
    end

    if test -z "$run"
        set -l expires "$MSID_TOKEN_EXPIRES_ON"
        if not string match -qr '^[0-9]{1,15}$' -- $expires; or test (math $expires - $now) -lt 300
            if not string match -qr '^[0-9]+$' -- "$__msid_retry_at"; or test $now -ge $__msid_retry_at
                set run 1
            end
        end
    end

    test -n "$run"; and __msid_refresh $now
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

function __msid_refresh --argument-names now
    set -l command msid-env
    test -n "$MSID_ENV_COMMAND"; and set command $MSID_ENV_COMMAND
    set -l retry 30
    string match -qr '^[0-9]{1,6}$' -- "$MSID_HOOK_RETRY_SECONDS"; and set retry $MSID_HOOK_RETRY_SECONDS

    if not command -q -- $command
        set -q __msid_reported; or printf 'msid: %s not found; install msid or set MSID_ENV_COMMAND.\n' $command >&2
    else if set -q __msid_reported
        $command --shell fish </dev/null 2>/dev/null | source
        if test $pipestatus[1] -eq 0
            set -e __msid_reported __msid_retry_at
            return
        end
    else
        # The first failure shows msid-env's own explanation; later ones stay quiet.
        $command --shell fish </dev/null | source
        if test $pipestatus[1] -eq 0
            set -e __msid_retry_at
            return
        end
    end

    set -g __msid_reported 1
    set -g __msid_retry_at (math $now + $retry)
end

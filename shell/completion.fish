# msid completion for fish: commands, options, their values and account names.
# The prompt hook's line (msid-env --hook fish | source) installs it too; alone:
#   msid completion fish > ~/.config/fish/completions/msid.fish
#
# Each Tab asks msid what may come next (msid __complete); msid reads its command declarations
# and, for account names, config.json alone: no keychain, no network. Account names come from
# identity servers: fish escapes each word it inserts, and nothing is evaluated.

function __msid_complete
    set -l words (commandline -opc)
    set -e words[1]
    # Always one element, also when the word under the cursor is empty.
    set -l current "$(commandline -ct)"
    set -l lines (command msid __complete --word=$words --word=$current 2>/dev/null </dev/null)
    switch "$lines[1]"
        case files
            __fish_complete_path $current
        case words
            set -e lines[1]
            printf '%s\n' $lines
    end
end

complete -c msid -f -a '(__msid_complete)'

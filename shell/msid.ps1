# msid prompt hook for PowerShell 7+: keeps the token that msid-env exports fresh.
# Install with one line anywhere in $PROFILE:
#     msid-env --hook pwsh | Out-String | Invoke-Expression      or:  . /path/to/msid/shell/msid.ps1
#
# The prompt never waits for the network. Before each prompt the hook compares the clock
# ([DateTimeOffset]::UtcNow) with MSID_TOKEN_REFRESH_AT (the second after which msid's refresh
# rule wants a new token: msid-env exports it). A prompt with a fresh token starts no process.
# A token that is due is refreshed by `msid-env --shell pwsh` started in the background while
# the old one stays exported: without a console (Windows) or in a session of its own (setsid,
# where there is one), so a Ctrl-C typed at the terminal does not reach it; its output is read
# into memory and never run, its messages are kept for the notice below. The first prompt after
# it succeeded exports the new token through `msid-env --shell pwsh --cached`, which never
# contacts the provider. The same quick run applies the nearest .msid.json when it changes and
# after `msid allow`, and gives a new session the cached token at its first prompt. One refresh
# runs at a time and nothing is printed over your typing; once the token has expired and no
# refresh succeeded, one line says so, once. MSID_ENV_COMMAND names another msid-env;
# MSID_HOOK_RETRY_SECONDS (default 30) spaces out retries after a failure.
#
# Its place in $PROFILE does not matter: the hook is an alias named `prompt`, and PowerShell
# runs an alias before a function of the same name (about_Command_Precedence). It runs the
# hook, then whatever prompt function exists at that moment (a theme loaded before or after
# it), with $? and $LASTEXITCODE as the last command left them.

# Only plain digits are read as a number: the values come from the environment, and no sign,
# exponent, hex, white space or other script's digits may reach a cast.
function global:__msid_epoch([string] $value) {
    if ($value -cmatch '^[0-9]{1,15}\z') { return [long] $value }
    return $null
}

function global:__msid_say([string] $text) {
    foreach ($line in ($text -split '\r?\n')) {
        # Control characters and bidirectional overrides stay off the terminal.
        $line = $line -replace '[\p{Cc}\u202A-\u202E\u2066-\u2069]', ''
        if ($line) { [Console]::Error.WriteLine($line) }
    }
}

function global:__msid_retry_allows([long] $now) {
    return ($null -eq $global:__msid_retry_at) -or ($now -ge $global:__msid_retry_at)
}

function global:__msid_failed_now([long] $now) {
    $retry = if ([string] $env:MSID_HOOK_RETRY_SECONDS -cmatch '^[0-9]{1,6}\z') { [long] $env:MSID_HOOK_RETRY_SECONDS } else { 30 }
    $global:__msid_retry_at = $now + $retry
}

# The nearest .msid.json, or '': the same path strings msid-env builds.
function global:__msid_find_dir_config([string] $dir) {
    while ($dir) {
        $file = [IO.Path]::Combine($dir, '.msid.json')
        if ([IO.File]::Exists($file)) { return $file }
        $dir = [IO.Path]::GetDirectoryName($dir)
    }
    return ''
}

function global:__msid_command_path([long] $now) {
    $name = if ($env:MSID_ENV_COMMAND) { $env:MSID_ENV_COMMAND } else { 'msid-env' }
    # Applications only: on Windows that is npm's msid-env.cmd, never a .ps1 file.
    $found = Get-Command -Name ([WildcardPattern]::Escape($name)) -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($found) { return $found.Source }
    if (-not $global:__msid_reported) { __msid_say "msid: $name not found; install msid or set MSID_ENV_COMMAND." }
    $global:__msid_reported = $true
    $global:__msid_sync = $true
    __msid_failed_now $now
    return $null
}

# Starts msid-env with stdin closed and both outputs read into memory by .NET (no file, no
# console of its own on Windows), in the current directory as PowerShell knows it.
function global:__msid_spawn([string] $program, [string[]] $arguments) {
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = $program
    foreach ($argument in $arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.StandardOutputEncoding = [Text.UTF8Encoding]::new($false)
    $info.StandardErrorEncoding = [Text.UTF8Encoding]::new($false)
    $info.WorkingDirectory = $global:__msid_pwd
    # PowerShell does not keep $env:PWD; msid-env reads it for the directory's name as typed.
    $info.Environment['PWD'] = $global:__msid_pwd
    $process = [Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    return @{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
}

# Exports the cached token (msid-env --cached never contacts the provider), or nothing when
# none is cached: then the refresh below starts.
function global:__msid_apply_cached([long] $now) {
    $global:__msid_sync = $false
    $program = __msid_command_path $now
    if (-not $program) { return }
    try {
        $run = __msid_spawn $program @('--shell', 'pwsh', '--cached')
        $code = $run.Output.GetAwaiter().GetResult()
        $run.Process.WaitForExit()
        $failed = $run.Process.ExitCode -ne 0
        $messages = $run.Errors.GetAwaiter().GetResult()
        $run.Process.Dispose()
    } catch {
        $failed = $true
        $messages = "msid: $($_.Exception.Message)"
    }

    # The first failure shows msid-env's own explanation; later ones stay quiet.
    if (-not $global:__msid_reported) { __msid_say $messages }
    if ($failed) {
        # The quick run failed (no account, a bad .msid.json...): a refresh would fail the same
        # way, so the quick run is what is tried again, after the retry delay.
        $global:__msid_reported = $true
        $global:__msid_sync = $true
        __msid_failed_now $now
        return
    }

    $global:__msid_reported = $false
    if ($code) { Invoke-Expression $code }
}

function global:__msid_start_refresh([long] $now) {
    $program = __msid_command_path $now
    if (-not $program) { return }
    $arguments = @('--shell', 'pwsh')
    if ($global:__msid_setsid) {
        $arguments = @($program) + $arguments
        $program = $global:__msid_setsid
    }

    try {
        $global:__msid_job = __msid_spawn $program $arguments
        $global:__msid_job.Since = $now
    } catch {
        $global:__msid_job = $null
        $global:__msid_failure = $_.Exception.Message
        __msid_failed_now $now
    }
}

# Called while a refresh runs: is it done? A success makes this prompt apply the new token.
function global:__msid_collect([long] $now) {
    $job = $global:__msid_job
    if ($job.Process.HasExited) {
        $job.Process.WaitForExit()
        $succeeded = $job.Process.ExitCode -eq 0
        $messages = if ($job.Errors.Wait(500)) { $job.Errors.Result } else { '' }
        $job.Process.Dispose()
    } elseif ($now - $job.Since -gt 300) {
        # msid-env bounds its own waits; a refresh this old is lost: stop waiting for it.
        $succeeded = $false
        $messages = ''
    } else {
        return
    }

    $global:__msid_job = $null
    if ($succeeded) {
        $global:__msid_sync = $true
        $global:__msid_failure = $null
        $global:__msid_noticed = $false
        $global:__msid_retry_at = $null
    } else {
        $first = @($messages -split '\r?\n' | Where-Object { $_ -ne '' })[0]
        $global:__msid_failure = if ($first) { $first } else { 'the refresh did not finish' }
        __msid_failed_now $now
    }
}

# Once the exported token has expired and the last refresh failed: one line, once.
function global:__msid_expired_notice([long] $now) {
    if (-not $global:__msid_failure -or $global:__msid_noticed) { return }
    $expires = __msid_epoch $env:MSID_TOKEN_EXPIRES_ON
    if ($null -ne $expires -and $now -lt $expires) { return }
    __msid_say "msid: no valid token, and the refresh failed: $($global:__msid_failure)"
    $global:__msid_noticed = $true
}

function global:__msid_prompt_hook {
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()

    # A background refresh that finished: a success is applied below, a failure remembered.
    if ($global:__msid_job) { __msid_collect $now }
    if ($global:__msid_dir) {
        $signal = [IO.Path]::Combine($global:__msid_dir, 'allow')
        if ([IO.File]::Exists($signal)) {
            [IO.File]::Delete($signal)
            $global:__msid_sync = $true
        }
    }

    $here = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
    if ($global:__msid_pwd -cne $here) {
        $global:__msid_pwd = $here
        $found = __msid_find_dir_config $here
        # Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
        if ($null -eq $global:__msid_dir_last -or $global:__msid_dir_last -cne $found) {
            $global:__msid_dir_last = $found
            if ($found -cne [string] $env:MSID_DIR_CONFIG) { $global:__msid_sync = $true }
        }
    }

    if ($global:__msid_sync -and (__msid_retry_allows $now)) { __msid_apply_cached $now }

    $refreshAt = __msid_epoch $env:MSID_TOKEN_REFRESH_AT
    if (-not $global:__msid_job -and -not $global:__msid_reported -and ($null -eq $refreshAt -or $now -gt $refreshAt)) {
        if (__msid_retry_allows $now) { __msid_start_refresh $now }
    }

    __msid_expired_notice $now
}

function global:__msid_prompt {
    # First: every statement sets $?.
    $status = $?
    $exitCode = Get-Variable -Name LASTEXITCODE -Scope Global -ErrorAction Ignore
    # In a scope of its own: the user's strict mode stays theirs, and the hook's is off. Nothing
    # it might write to the pipeline may become part of the prompt's text.
    $null = & {
        Set-StrictMode -Off
        try { __msid_prompt_hook } catch { }
    }
    if ($exitCode) { $global:LASTEXITCODE = $exitCode.Value }
    $inner = Get-Command -Name prompt -CommandType Function -ErrorAction Ignore
    # Hand the prompt function the $? the user's command left: a statement that succeeds, or
    # one that fails without a word.
    if ($status) { $null = $status } else { Write-Error 'msid' -ErrorAction Ignore }
    if ($inner) { & $inner } else { "PS $($ExecutionContext.SessionState.Path.CurrentLocation)$('>' * ($NestedPromptLevel + 1)) " }
}

# Loaded once per session (loading it again only defines the functions again), in a scope of
# its own so that it leaves no variable behind but its own.
& {
    Set-StrictMode -Off
    if ($global:__msid_loaded) { return }
    $global:__msid_loaded = $true
    foreach ($name in 'job', 'retry_at', 'failure', 'pwd', 'dir_last', 'dir', 'setsid') {
        Set-Variable -Scope Global -Name "__msid_$name" -Value $null
    }
    $global:__msid_reported = $false
    $global:__msid_noticed = $false
    # A session that starts without a token (a new terminal) exports the cached one at its first prompt.
    $global:__msid_sync = -not $env:MSID_TOKEN_REFRESH_AT
    if (-not $IsWindows) {
        $setsid = Get-Command -Name setsid -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($setsid) { $global:__msid_setsid = $setsid.Source }
    }

    # A private folder for `msid allow` to leave word that the directory's choice changed
    # (MSID_HOOK_DIR): owner-only where file modes exist, in the user's own %TEMP% on Windows.
    try {
        $path = [IO.Path]::Combine([IO.Path]::GetTempPath(), 'msid-hook.' + [IO.Path]::GetRandomFileName())
        if (-not [IO.Directory]::Exists($path)) {
            if ($IsWindows) {
                $null = [IO.Directory]::CreateDirectory($path)
            } else {
                $null = [IO.Directory]::CreateDirectory($path, [IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')
            }
            $global:__msid_dir = $path
            $env:MSID_HOOK_DIR = $path
            $null = Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action {
                Remove-Item -LiteralPath $global:__msid_dir -Recurse -Force -ErrorAction Ignore
            }
        }
    } catch { }
}

Set-Alias -Name prompt -Value __msid_prompt -Scope Global -Force

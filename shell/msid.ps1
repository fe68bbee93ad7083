# msid prompt hook for PowerShell 7+: keeps the token that msid-env exports fresh.
# Install with one line in $PROFILE:   msid-env --hook pwsh | Out-String | Invoke-Expression
#                                 or:  . /path/to/msid/shell/msid.ps1
#
# It wraps the prompt function: before each prompt it compares MSID_TOKEN_EXPIRES_ON with
# the clock ([DateTimeOffset]::UtcNow) and runs msid-env only when fewer than 5 minutes
# remain, the token is missing, or the nearest .msid.json is another one than before. A
# prompt with a fresh token starts no process. A failure is reported once, until a success.
# MSID_ENV_COMMAND names another msid-env; MSID_HOOK_RETRY_SECONDS (default 30) spaces out
# retries after a failure.

function global:__msid_find_dir_config {
    $dir = (Get-Location -PSProvider FileSystem).ProviderPath
    while ($dir) {
        $file = Join-Path $dir '.msid.json'
        if (Test-Path -LiteralPath $file -PathType Leaf) { return $file }
        $dir = Split-Path -LiteralPath $dir -Parent
    }
    return ''
}

function global:__msid_refresh([long] $now) {
    $command = if ($env:MSID_ENV_COMMAND) { $env:MSID_ENV_COMMAND } else { 'msid-env' }
    $retry = if ($env:MSID_HOOK_RETRY_SECONDS -match '^\d{1,6}$') { [long] $env:MSID_HOOK_RETRY_SECONDS } else { 30 }
    if (-not (Get-Command -Name $command -CommandType Application -ErrorAction SilentlyContinue)) {
        if (-not $global:__msid_reported) { [Console]::Error.WriteLine("msid: $command not found; install msid or set MSID_ENV_COMMAND.") }
    } else {
        # The first failure shows msid-env's own explanation; later ones stay quiet.
        $code = if ($global:__msid_reported) { & $command --shell pwsh 2>$null } else { & $command --shell pwsh }
        if ($LASTEXITCODE -eq 0) {
            if ($code) { Invoke-Expression ($code -join "`n") }
            $global:__msid_reported = $false
            $global:__msid_retry_at = $null
            return
        }
    }
    $global:__msid_reported = $true
    $global:__msid_retry_at = $now + $retry
}

function global:__msid_prompt_hook {
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $run = $false
    $here = (Get-Location -PSProvider FileSystem).ProviderPath
    if ($global:__msid_pwd -ne $here) {
        $global:__msid_pwd = $here
        $found = __msid_find_dir_config
        # Crossing into or out of a .msid.json's reach: let msid-env apply (or drop) its choice.
        if ($null -eq $global:__msid_dir_last -or $global:__msid_dir_last -ne $found) {
            $global:__msid_dir_last = $found
            if ($found -ne [string] $env:MSID_DIR_CONFIG) { $run = $true }
        }
    }

    $expires = [string] $env:MSID_TOKEN_EXPIRES_ON
    if (-not $run -and (-not ($expires -match '^\d{1,15}$') -or ([long] $expires - $now -lt 300))) {
        $run = ($null -eq $global:__msid_retry_at) -or ($now -ge $global:__msid_retry_at)
    }

    if ($run) { __msid_refresh $now }
}

# Wrap the prompt once, keeping the user's prompt and the $LASTEXITCODE it may show.
if (-not (Test-Path Function:\__msid_original_prompt)) {
    ${function:global:__msid_original_prompt} = ${function:prompt}
    function global:prompt {
        $exitCode = $global:LASTEXITCODE
        try { __msid_prompt_hook } catch { }
        $global:LASTEXITCODE = $exitCode
        & ${function:__msid_original_prompt}
    }
}

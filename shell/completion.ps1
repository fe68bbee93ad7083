# msid completion for PowerShell: commands, options, their values and account names.
# The prompt hook's line (msid-env --hook pwsh | Out-String | Invoke-Expression) installs it
# too; alone: msid completion pwsh | Out-String | Invoke-Expression
#
# Each Tab asks msid what may come next (msid __complete); msid reads its command declarations
# and, for account names, config.json alone: no keychain, no network. Account names come from
# identity servers: a word that is not plain is inserted in single quotes, with every kind of
# single quote PowerShell knows (' and the typographic ones) doubled, and nothing is evaluated.

Register-ArgumentCompleter -Native -CommandName msid -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition -or ($_.Extent.EndOffset -eq $cursorPosition -and $wordToComplete -ne '') } |
        ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -eq '') { $words += '' }
    # One --word=W per word: PowerShell drops empty arguments to programs and may eat "--".
    $arguments = @('__complete') + @($words | ForEach-Object { "--word=$_" })
    # msid writes UTF-8, and PowerShell decodes a program's output with [Console]::OutputEncoding,
    # the console's code page unless UTF-8 mode is on: account names would arrive garbled.
    $encoding = [Console]::OutputEncoding
    try {
        [Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
        $lines = @(& msid @arguments 2>$null)
    } finally {
        [Console]::OutputEncoding = $encoding
    }
    if ($lines.Count -eq 0) { return }
    if ($lines[0] -eq 'files') {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name)
        }
        return
    }
    foreach ($line in ($lines | Select-Object -Skip 1)) {
        $parts = $line -split "`t", 2
        $word = $parts[0]
        $tip = if ($parts.Count -gt 1) { $parts[1] } else { $word }
        $text = if ($word -match '^[A-Za-z0-9@._:/+=,-]+$') { $word } else { "'" + ($word -replace "(['\u2018\u2019\u201A\u201B])", '$1$1') + "'" }
        [System.Management.Automation.CompletionResult]::new($text, $word, 'ParameterValue', $tip)
    }
}

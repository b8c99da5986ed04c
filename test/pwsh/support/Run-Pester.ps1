# Runs one generated Pester suite and writes what the vitest side reads: the PowerShell and Pester versions and
# every test's path, result and error, as JSON.
param(
    [Parameter(Mandatory)][string]$Path,
    [Parameter(Mandatory)][string]$Pester,
    [Parameter(Mandatory)][string]$Out
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module -Name $Pester -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'None'
$result = Invoke-Pester -Configuration $config
$tests = @(foreach ($test in $result.Tests) {
    [pscustomobject]@{
        Name = ($test.Path -join ' > ')
        Result = [string]$test.Result
        Error = (@($test.ErrorRecord | ForEach-Object { $_.ToString() }) -join "`n")
    }
})
# A container fails on its own (not through a test) when the file does not parse or a block outside tests throws.
$containers = @(foreach ($container in $result.Containers) {
    foreach ($record in @($container.ErrorRecord)) { if ($null -ne $record) { $record.ToString() } }
})
[pscustomobject]@{
    PowerShell = $PSVersionTable.PSVersion.ToString()
    Pester = (Get-Module Pester).Version.ToString()
    Tests = $tests
    ContainerErrors = $containers
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $Out -Encoding utf8

# What every mock shares: the call log the tests compare with the plan, and failures a test asks for.
# $global:SgCalls: one entry per call, { Command; Parameters } with each bound value as text (enums by name,
# arrays as text arrays, rule objects as 'rule:<Name>'), in call order. $global:SgFaults: command -> target names
# whose call throws, as the real cmdlet would on a failure.
$global:SgCalls = [System.Collections.Generic.List[object]]::new()
$global:SgFaults = @{}

function ConvertTo-SgText($Value) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [bool]$Value }
    if ($Value -is [bool]) { return $Value }
    if ($Value -is [psobject] -and $Value.PSObject.TypeNames -match 'MSFT_NetFirewallRule') { return 'rule:' + $Value.Name }
    if ($Value -is [array]) { return , [object[]]@($Value | ForEach-Object { ConvertTo-SgText $_ }) }
    return [string]$Value
}

function Add-SgCall([string]$Command, [System.Collections.IDictionary]$Bound) {
    $parameters = [ordered]@{}
    foreach ($key in @($Bound.Keys | Sort-Object)) { $parameters[$key] = ConvertTo-SgText $Bound[$key] }
    $global:SgCalls.Add([pscustomobject]@{ Command = $Command; Parameters = $parameters })
}

function Reset-SgCalls { $global:SgCalls.Clear(); $global:SgFaults = @{} }

function Invoke-SgFault([string]$Command, [string[]]$Target) {
    $failing = @($global:SgFaults[$Command])
    foreach ($one in $Target) {
        if ($failing -contains $one -or $failing -contains '*') { throw "${Command}: injected failure for $one" }
    }
}

# The calls (optionally those of some commands only) as compact JSON, for comparing with what the plan says.
function Get-SgCallsJson([string[]]$Command) {
    $calls = @($global:SgCalls | Where-Object { -not $Command -or $Command -contains $_.Command })
    return ConvertTo-Json -InputObject $calls -Depth 6 -Compress
}

# Test data travels into generated test files as base64 of UTF-8 JSON, so no test text is ever parsed as code.
function ConvertFrom-SgData([string]$Base64) {
    $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Base64))
    return ConvertFrom-Json -InputObject $json -DateKind String -NoEnumerate
}

# The calls made, compared with the expected ones as the same serializer writes both.
function Assert-SgCalls([string]$ExpectedBase64, [string[]]$Command) {
    $expected = ConvertTo-Json -InputObject @(ConvertFrom-SgData $ExpectedBase64) -Depth 6 -Compress
    Get-SgCallsJson $Command | Should -BeExactly $expected
}

# Hostile test text calls this, never a real command: a PWNED entry in the call log means text ran as code.
function Invoke-SgPwned {
    $global:SgCalls.Add([pscustomobject]@{ Command = 'PWNED'; Parameters = [ordered]@{ Arguments = [string[]]@($args) } })
    'pwned'
}
Set-Alias -Name pwned -Value Invoke-SgPwned -Scope Global

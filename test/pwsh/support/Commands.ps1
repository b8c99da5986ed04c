# What the firewall-command suite checks for one command SinkGuard builds (see firewall-commands.test.ts).
using namespace System.Management.Automation.Language

# The switches powershell.exe gets before -EncodedCommand, in SinkGuard's order.
$script:Switches = @('-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand')

function ConvertFrom-SgEncodedCommand([string[]]$Arguments) {
    @($Arguments[0..5]) | Should -BeExactly $script:Switches
    $Arguments.Count | Should -Be 7
    return [System.Text.Encoding]::Unicode.GetString([System.Convert]::FromBase64String($Arguments[6]))
}

# Where a script is more than `$ErrorActionPreference = 'Stop'` (not with -Bare) then commands whose every argument
# is a literal: each element that is not a parameter name or a single-quoted/bare constant (or a list of them), as
# text. -AllowMember also accepts `(command).Property` (reading one property of a command's output).
function Get-SgNonLiteral([string]$Script, [switch]$Bare, [switch]$AllowMember) {
    $tokens = $null; $errors = $null
    $ast = [Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors)
    if ($errors.Count -gt 0) { return @($errors | ForEach-Object { 'parse error: ' + $_.Message }) }
    $statements = @($ast.EndBlock.Statements)
    $found = [System.Collections.Generic.List[string]]::new()
    if (-not $Bare) {
        if ($statements[0].Extent.Text -cne "`$ErrorActionPreference = 'Stop'") { $found.Add('first: ' + $statements[0].Extent.Text) }
        $statements = @($statements | Select-Object -Skip 1)
    }
    $literal = {
        param($element)
        ($element -is [StringConstantExpressionAst] -and $element.StringConstantType -in 'SingleQuoted', 'BareWord') -or
        ($element -is [ArrayLiteralAst] -and @($element.Elements | Where-Object { -not (& $literal $_) }).Count -eq 0)
    }
    $pipeline = {
        param($statement)
        if ($statement -isnot [PipelineAst]) { $found.Add('statement: ' + $statement.Extent.Text); return }
        foreach ($command in $statement.PipelineElements) {
            $expression = if ($command -is [CommandExpressionAst]) { $command.Expression }
            if ($AllowMember -and $expression -is [MemberExpressionAst] -and $expression.Expression -is [ParenExpressionAst] -and
                $expression.Member -is [StringConstantExpressionAst] -and $expression.Member.StringConstantType -eq 'BareWord') {
                & $pipeline $expression.Expression.Pipeline
                continue
            }
            if ($command -isnot [CommandAst]) { $found.Add('element: ' + $command.Extent.Text); continue }
            foreach ($element in $command.CommandElements) {
                if ($element -is [CommandParameterAst] -and $null -eq $element.Argument) { continue }
                if (-not (& $literal $element)) { $found.Add('argument: ' + $element.Extent.Text) }
            }
        }
    }
    foreach ($statement in $statements) { & $pipeline $statement }
    return $found.ToArray()
}

# For scripts that are more than literal commands (the live read: a pipeline with a script block): every -Name
# argument of a *-NetFirewall* command that is not a single-quoted constant (or a list of them), as text.
function Get-SgNonLiteralName([string]$Script) {
    $tokens = $null; $errors = $null
    $ast = [Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors)
    if ($errors.Count -gt 0) { return @($errors | ForEach-Object { 'parse error: ' + $_.Message }) }
    $found = [System.Collections.Generic.List[string]]::new()
    $literal = {
        param($element)
        ($element -is [StringConstantExpressionAst] -and $element.StringConstantType -eq 'SingleQuoted') -or
        ($element -is [ArrayLiteralAst] -and @($element.Elements | Where-Object { -not (& $literal $_) }).Count -eq 0)
    }
    $commands = $ast.FindAll({ param($node) $node -is [CommandAst] -and $node.GetCommandName() -like '*-NetFirewall*' }, $true)
    foreach ($command in $commands) {
        $elements = @($command.CommandElements)
        for ($i = 0; $i -lt $elements.Count; $i++) {
            if ($elements[$i] -is [CommandParameterAst] -and $elements[$i].ParameterName -eq 'Name') {
                if (-not (& $literal $elements[$i + 1])) { $found.Add('name: ' + $elements[$i + 1].Extent.Text) }
            }
        }
    }
    # Nothing but the rule's own properties is ever expanded: no double-quoted strings, no sub-expressions.
    foreach ($node in $ast.FindAll({ param($node) $node -is [ExpandableStringExpressionAst] -or $node -is [SubExpressionAst] }, $true)) {
        $found.Add('expands: ' + $node.Extent.Text)
    }
    return $found.ToArray()
}

function Get-SgRuleState([string]$Name) {
    $rule = $global:SgRules[$Name.ToUpperInvariant()]
    if ($null -eq $rule) { return $null }
    $profiles = if ([int]$rule.Profile -eq 0) { 'Domain,Private,Public' } else { ($rule.Profile.ToString() -split ', ') -join ',' }
    $remote = @($rule.RemoteAddress | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique) -join ','
    return [pscustomobject]@{ Enabled = $rule.Enabled.ToString(); Profiles = $profiles; Remote = $remote }
}

function Invoke-SgCommandCase($Case) {
    $Case.command.program | Should -BeExactly 'powershell'
    $script = ConvertFrom-SgEncodedCommand $Case.command.args
    $script | Should -BeExactly $Case.command.display
    $script | Should -Not -Match 'FirewallRules|reg(\.exe)?\s+import'
    if ($Case.set -eq 'read') { Get-SgNonLiteralName $script | Should -BeNullOrEmpty }
    else { Get-SgNonLiteral $script | Should -BeNullOrEmpty }
    Reset-SgFirewall @($Case.rules | ForEach-Object {
        New-SgRule -Name $_.Name -DisplayName $_.DisplayName -Description $_.Description -Enabled $_.Enabled `
            -Direction $_.Direction -Action $_.Action -Profile $_.Profile -RemoteAddress $_.RemoteAddress
    })
    Reset-SgCalls
    $ErrorActionPreference = 'Stop'
    $output = & ([scriptblock]::Create($script))
    if ($Case.output) {
        # As parsed JSON: what SinkGuard's parser (parseLiveRules) reads is the data, not the spacing.
        (ConvertFrom-Json $output | ConvertTo-Json -Depth 4 -Compress) |
            Should -BeExactly (ConvertFrom-Json $Case.output | ConvertTo-Json -Depth 4 -Compress)
    }
    Get-SgCallsJson | Should -BeExactly (ConvertTo-Json -InputObject @($Case.calls) -Depth 6 -Compress)
    $after = Get-SgRuleState $Case.ruleId
    if ($null -eq $Case.after) { $after | Should -BeNullOrEmpty } else {
        $after | ConvertTo-Json -Compress | Should -BeExactly ($Case.after | ConvertTo-Json -Compress)
    }
    # The hostile names and descriptions on the machine are still exactly as they were.
    $texts = { param($rules) ConvertTo-Json -Compress -InputObject @($rules | ForEach-Object { $_.DisplayName; $_.Description }) }
    & $texts @($Case.rules | ForEach-Object { $global:SgRules[$_.Name.ToUpperInvariant()] } | Where-Object { $_ }) | Should -BeExactly (& $texts @($Case.rules | Where-Object { $global:SgRules.Contains($_.Name.ToUpperInvariant()) }))
}

# Stand-ins for the NetSecurity cmdlets, which exist only on Windows. Each is declared with the parameter names,
# types and parameter sets of Microsoft's documentation of the module (learn.microsoft.com/powershell/module/
# netsecurity), so a parameter or value the real cmdlet does not take fails the call here too. Parameters that only
# steer remoting or jobs (CimSession, ThrottleLimit, AsJob) are declared and unused. Rules live in $global:SgRules
# (by Name); every call is recorded in $global:SgCalls with its bound parameters.
# One deviation: rules are psobjects typed as CIM instances by name (pwsh on Linux has no CIM), so the
# -AssociatedNetFirewallRule parameters check that type name instead of taking a real CimInstance.
. (Join-Path $PSScriptRoot 'Recorder.ps1')

enum Enabled { True = 1; False = 2 }
enum Direction { Inbound = 1; Outbound = 2 }
enum Action { NotConfigured = 0; Allow = 2; Block = 4 }
[Flags()] enum Profile { Any = 0; Domain = 1; Private = 2; Public = 4; NotApplicable = 0x7fffffff }
enum EdgeTraversal { Block = 0; Allow = 1; DeferToUser = 2; DeferToApp = 3 }

$RuleType = 'Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetFirewallRule'

function New-SgRule {
    param([Parameter(Mandatory)][string]$Name, [string]$DisplayName = $Name, [string]$Description = '',
        [string]$Enabled = 'True', [string]$Direction = 'Inbound', [string]$Action = 'Allow',
        [string]$Profile = 'Any', [string[]]$RemoteAddress = @('Any'), [string[]]$LocalPort = @('Any'),
        [string]$Protocol = 'TCP', [string]$Program = 'Any', [string]$Service = 'Any')
    $rule = [pscustomobject]@{
        Name = $Name; DisplayName = $DisplayName; Description = $Description
        Enabled = [Enabled]$Enabled; Direction = [Direction]$Direction; Action = [Action]$Action
        Profile = [Profile]$Profile; PolicyStoreSourceType = 'Local'
        RemoteAddress = [string[]]@($RemoteAddress); LocalPort = [string[]]@($LocalPort); Protocol = $Protocol
        Program = $Program; Service = $Service
    }
    $rule.PSObject.TypeNames.Insert(0, $RuleType)
    return $rule
}

function Reset-SgFirewall([object[]]$Rules = @()) {
    $global:SgRules = [ordered]@{}
    foreach ($rule in $Rules) { $global:SgRules[$rule.Name.ToUpperInvariant()] = $rule }
}

function Find-SgRules([string[]]$Name, [string]$Cmdlet) {
    foreach ($one in $Name) {
        $rule = $global:SgRules[$one.ToUpperInvariant()]
        if ($null -eq $rule) {
            Write-Error -Category ObjectNotFound -Message (
                "$Cmdlet : No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '$one'.")
        } else { $rule }
    }
}

function Test-SgRuleObject($Value) {
    if ($Value.PSObject.TypeNames -notcontains $RuleType) { throw 'Cannot convert the value to type CimInstance.' }
    return $true
}

function Get-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll')]
    param(
        [Parameter(ParameterSetName = 'GetAll')][switch]$All,
        [Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][string[]]$Name,
        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Description,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$DisplayGroup,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Group,
        [Parameter(ParameterSetName = 'ByQuery')][Enabled[]]$Enabled,
        [Parameter(ParameterSetName = 'ByQuery')][Direction[]]$Direction,
        [Parameter(ParameterSetName = 'ByQuery')][Action[]]$Action,
        [Parameter(ParameterSetName = 'ByQuery')][EdgeTraversal[]]$EdgeTraversalPolicy,
        [Parameter(ParameterSetName = 'ByQuery')][bool[]]$LooseSourceMapping,
        [Parameter(ParameterSetName = 'ByQuery')][bool[]]$LocalOnlyMapping,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Owner,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$PrimaryStatus,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Status,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$PolicyStoreSource,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$PolicyStoreSourceType,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter', Mandatory)][psobject]$AssociatedNetFirewallAddressFilter,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter', Mandatory)][psobject]$AssociatedNetFirewallPortFilter,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter', Mandatory)][psobject]$AssociatedNetFirewallApplicationFilter,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter', Mandatory)][psobject]$AssociatedNetFirewallServiceFilter,
        [string]$PolicyStore,
        [switch]$TracePolicyStore,
        [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
    )
    Add-SgCall 'Get-NetFirewallRule' $PSBoundParameters
    switch ($PSCmdlet.ParameterSetName) {
        'ByName' { Find-SgRules $Name 'Get-NetFirewallRule' }
        'GetAll' { $global:SgRules.Values }
        default { throw "the mock does not implement parameter set $($PSCmdlet.ParameterSetName)" }
    }
}

# The parameters Set- and New-NetFirewallRule share (the rule's properties), as in the documentation.
function Set-SgRuleProperties($Rule, [hashtable]$Bound) {
    foreach ($key in @($Bound.Keys)) {
        $value = $Bound[$key]
        switch ($key) {
            'NewDisplayName' { $Rule.DisplayName = $value }
            { $_ -in 'DisplayName', 'Description', 'Protocol', 'Program', 'Service' } { $Rule.$key = $value }
            { $_ -in 'Enabled', 'Direction', 'Action', 'Profile' } { $Rule.$key = $value }
            { $_ -in 'RemoteAddress', 'LocalPort' } { $Rule.$key = [string[]]@($value) }
        }
    }
}

# The rule's properties, which Set- and New-NetFirewallRule both take (with the remoting ones), as documented.
$RuleProperties = [ordered]@{
    Description = [string]; Enabled = [Enabled]; Profile = [Profile]; Platform = [string[]]; Direction = [Direction]
    Action = [Action]; EdgeTraversalPolicy = [EdgeTraversal]; LooseSourceMapping = [bool]; LocalOnlyMapping = [bool]
    Owner = [string]; LocalAddress = [string[]]; RemoteAddress = [string[]]; Protocol = [string]; LocalPort = [string[]]
    RemotePort = [string[]]; IcmpType = [string[]]; DynamicTarget = [string]; Program = [string]; Package = [string]
    Service = [string]; InterfaceAlias = [string[]]; InterfaceType = [string]; LocalUser = [string]; RemoteUser = [string]
    RemoteMachine = [string]; Authentication = [string]; Encryption = [string]; OverrideBlockRules = [bool]
    RemoteDynamicKeywordAddresses = [string[]]; CimSession = [object[]]; ThrottleLimit = [int]; AsJob = [switch]
}

function New-SgRuleParameters {
    $parameters = [System.Management.Automation.RuntimeDefinedParameterDictionary]::new()
    foreach ($name in $RuleProperties.Keys) {
        $attributes = [System.Collections.ObjectModel.Collection[System.Attribute]]::new()
        $attributes.Add([System.Management.Automation.ParameterAttribute]::new())
        $parameters.Add($name, [System.Management.Automation.RuntimeDefinedParameter]::new($name, $RuleProperties[$name], $attributes))
    }
    return $parameters
}

function Set-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][string[]]$Name,
        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
        [Parameter(ParameterSetName = 'ByDisplayGroup', Mandatory)][string[]]$DisplayGroup,
        [Parameter(ParameterSetName = 'ByGroup', Mandatory)][string[]]$Group,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory, ValueFromPipeline)][ValidateScript({ Test-SgRuleObject $_ })][psobject[]]$InputObject,
        [string]$PolicyStore, [string]$GPOSession, [string]$NewDisplayName, [switch]$PassThru
    )
    dynamicparam { New-SgRuleParameters }
    process {
        Add-SgCall 'Set-NetFirewallRule' $PSBoundParameters
        if ($PSCmdlet.ParameterSetName -ne 'ByName') { throw 'the mock implements Set-NetFirewallRule -Name only' }
        Invoke-SgFault 'Set-NetFirewallRule' $Name
        foreach ($rule in @(Find-SgRules $Name 'Set-NetFirewallRule')) {
            if ($PSCmdlet.ShouldProcess($rule.Name, 'Set')) { Set-SgRuleProperties $rule $PSBoundParameters }
            if ($PassThru) { $rule }
        }
    }
}

function New-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [string]$PolicyStore, [string]$GPOSession, [string]$Name,
        [Parameter(Mandatory)][string]$DisplayName,
        [string]$Group
    )
    dynamicparam { New-SgRuleParameters }
    end {
        Add-SgCall 'New-NetFirewallRule' $PSBoundParameters
        $id = if ($Name) { $Name } else { '{' + [guid]::NewGuid().ToString().ToUpperInvariant() + '}' }
        Invoke-SgFault 'New-NetFirewallRule' $id
        if ($global:SgRules.Contains($id.ToUpperInvariant())) {
            Write-Error -Category ResourceExists -Message "New-NetFirewallRule : Cannot create a file when that file already exists."
            return
        }
        $rule = New-SgRule -Name $id -DisplayName $DisplayName
        Set-SgRuleProperties $rule $PSBoundParameters
        if ($PSCmdlet.ShouldProcess($id, 'New')) { $global:SgRules[$id.ToUpperInvariant()] = $rule }
        $rule
    }
}

# Enable-, Disable- and Remove-NetFirewallRule take the same selection parameters (Remove- has no -PassThru);
# the three are made from one declaration.
$SelectionParameters = @'
    [Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][string[]]$Name,
    [Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
    [Parameter(ParameterSetName = 'ByQuery')][string[]]$Description, [Parameter(ParameterSetName = 'ByQuery')][string[]]$DisplayGroup,
    [Parameter(ParameterSetName = 'ByQuery')][string[]]$Group, [Parameter(ParameterSetName = 'ByQuery')][Direction[]]$Direction,
    [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory, ValueFromPipeline)][ValidateScript({ Test-SgRuleObject $_ })][psobject[]]$InputObject,
    [string]$PolicyStore, [string]$GPOSession, [switch]$TracePolicyStore,
    [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
'@

function Invoke-SgSelection([string]$Verb, $Cmdlet, [hashtable]$Bound) {
    $command = "$Verb-NetFirewallRule"
    Add-SgCall $command $Bound
    if ($Cmdlet.ParameterSetName -ne 'ByName') { throw "the mock implements $command -Name only" }
    Invoke-SgFault $command $Bound['Name']
    foreach ($rule in @(Find-SgRules $Bound['Name'] $command)) {
        if (-not $Cmdlet.ShouldProcess($rule.Name, $Verb)) { continue }
        switch ($Verb) {
            'Enable' { $rule.Enabled = [Enabled]::True }
            'Disable' { $rule.Enabled = [Enabled]::False }
            'Remove' { $global:SgRules.Remove($rule.Name.ToUpperInvariant()) }
        }
    }
}

foreach ($verb in 'Enable', 'Disable', 'Remove') {
    $passThru = if ($verb -ne 'Remove') { ', [switch]$PassThru' } else { '' }
    $definition = "[CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess)]`nparam(`n$SelectionParameters$passThru)`n" +
        "process { Invoke-SgSelection '$verb' `$PSCmdlet `$PSBoundParameters }"
    Set-Item -Path "function:global:$verb-NetFirewallRule" -Value ([scriptblock]::Create($definition))
}

# Get-NetFirewall*Filter: one filter object per rule, read from the rule (the real filters are separate CIM objects
# kept in step with their rule).
function Get-SgFilter([string]$Cmdlet, $Cmdlet_, [hashtable]$Bound, [scriptblock]$Make) {
    Add-SgCall $Cmdlet $Bound
    $rules = if ($Cmdlet_.ParameterSetName -eq 'GetAll') { @($global:SgRules.Values) } else { @($Bound['AssociatedNetFirewallRule']) }
    foreach ($rule in $rules) { & $Make $rule }
}

function Get-NetFirewallAddressFilter {
    [CmdletBinding(DefaultParameterSetName = 'GetAll')]
    param(
        [Parameter(ParameterSetName = 'GetAll')][switch]$All,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory, ValueFromPipeline)][ValidateScript({ Test-SgRuleObject $_ })][psobject]$AssociatedNetFirewallRule,
        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecRule', Mandatory)][psobject]$AssociatedNetIPsecRule,
        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecMainModeRule', Mandatory)][psobject]$AssociatedNetIPsecMainModeRule,
        [string]$PolicyStore, [string]$GPOSession, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
    )
    process {
        Get-SgFilter 'Get-NetFirewallAddressFilter' $PSCmdlet $PSBoundParameters {
            param($rule) [pscustomobject]@{ LocalAddress = @('Any'); RemoteAddress = $rule.RemoteAddress }
        }
    }
}

function Get-NetFirewallPortFilter {
    [CmdletBinding(DefaultParameterSetName = 'GetAll')]
    param(
        [Parameter(ParameterSetName = 'GetAll')][switch]$All,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory, ValueFromPipeline)][ValidateScript({ Test-SgRuleObject $_ })][psobject]$AssociatedNetFirewallRule,
        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecRule', Mandatory)][psobject]$AssociatedNetIPsecRule,
        [string]$PolicyStore, [string]$GPOSession, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
    )
    process {
        Get-SgFilter 'Get-NetFirewallPortFilter' $PSCmdlet $PSBoundParameters {
            param($rule) [pscustomobject]@{ Protocol = $rule.Protocol; LocalPort = $rule.LocalPort; RemotePort = @('Any') }
        }
    }
}

function Get-NetFirewallApplicationFilter {
    [CmdletBinding(DefaultParameterSetName = 'GetAll')]
    param(
        [Parameter(ParameterSetName = 'GetAll')][switch]$All,
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory, ValueFromPipeline)][ValidateScript({ Test-SgRuleObject $_ })][psobject]$AssociatedNetFirewallRule,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Program,
        [Parameter(ParameterSetName = 'ByQuery')][string[]]$Package,
        [string]$PolicyStore, [string]$GPOSession, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
    )
    process {
        Get-SgFilter 'Get-NetFirewallApplicationFilter' $PSCmdlet $PSBoundParameters {
            param($rule) [pscustomobject]@{ Program = $rule.Program; Package = $null }
        }
    }
}

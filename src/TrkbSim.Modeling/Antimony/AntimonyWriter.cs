using System.Text;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>
/// Writes a <see cref="Model"/> as Antimony text that <see cref="AntimonyReader"/> reads back to a model with the
/// same simulation. Ids that are Antimony keywords are renamed (suffix '_'); reaction-local parameters become
/// global parameters named <c>reaction_parameter</c>, as libAntimony does.
/// </summary>
public static class AntimonyWriter
{
    public static string Write(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Writer(model).Run();
    }

    private sealed class Writer(Model m)
    {
        private readonly StringBuilder _sb = new();
        private readonly Dictionary<string, string> _rename = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _functionRename = new(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Run()
        {
            CheckExpressible();
            PlanNames();
            WriteFunctions();
            _sb.Append("model *").Append(ModelName()).Append("()\n");
            WriteUnits();
            WriteCompartments();
            WriteSpecies();
            WriteParameters();
            WriteReactions();
            WriteRules();
            WriteInitialAssignments();
            WriteEvents();
            WriteAnnotations();
            _sb.Append("end\n");
            return _sb.ToString();
        }

        private string ModelName()
        {
            string id = m.Id;
            bool valid = id.Length > 0 && (char.IsAsciiLetter(id[0]) || id[0] == '_')
                && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
            return valid ? id : "model";
        }

        /// <summary>Features of the model description that Antimony text cannot carry fail loudly rather than vanish.</summary>
        private void CheckExpressible()
        {
            if (m.ConversionFactor is not null)
                throw new ModelException($"model '{m.Id}' has a conversion factor ('{m.ConversionFactor}'), which Antimony cannot express");
            foreach (var s in m.Species.Where(s => s.ConversionFactor is not null))
                throw new ModelException($"species '{s.Id}' has a conversion factor ('{s.ConversionFactor}'), which Antimony cannot express");
            var referenced = AllMath().SelectMany(e => e.Symbols()).ToHashSet(StringComparer.Ordinal);
            foreach (var v in m.Rules.OfType<AssignmentRule>().Select(r => r.Variable)
                         .Concat(m.Rules.OfType<RateRule>().Select(r => r.Variable))
                         .Concat(m.InitialAssignments.Select(a => a.Symbol))
                         .Concat(m.Events.SelectMany(e => e.Assignments).Select(a => a.Variable)))
                referenced.Add(v);
            foreach (var r in m.Reactions)
                foreach (var sr in r.Reactants.Concat(r.Products))
                {
                    if (sr.StoichiometryMath is not null)
                        throw new ModelException($"reaction '{r.Id}' has stoichiometry math for '{sr.Species}', which Antimony cannot express");
                    if (sr.Id is not null && referenced.Contains(sr.Id))
                        throw new ModelException($"reaction '{r.Id}' has a variable stoichiometry ('{sr.Id}'), which Antimony cannot express");
                }
        }

        private IEnumerable<Expr> AllMath()
        {
            foreach (var f in m.Functions) yield return f.Body;
            foreach (var r in m.Reactions) if (r.KineticLaw is { } k) yield return k;
            foreach (var a in m.InitialAssignments) yield return a.Math;
            foreach (var r in m.Rules)
                yield return r switch { AssignmentRule a => a.Math, RateRule rr => rr.Math, AlgebraicRule al => al.Math, _ => Expr.Zero };
            foreach (var e in m.Events)
            {
                yield return e.Trigger;
                if (e.Delay is { } d) yield return d;
                if (e.Priority is { } p) yield return p;
                foreach (var a in e.Assignments) yield return a.Math;
            }
        }

        private void PlanNames()
        {
            var ids = m.Compartments.Select(c => c.Id).Concat(m.Species.Select(s => s.Id))
                .Concat(m.Parameters.Select(p => p.Id)).Concat(m.Reactions.Select(r => r.Id))
                .Concat(m.Events.Select(e => e.Id).OfType<string>()).Concat(m.Functions.Select(f => f.Id)).ToList();
            foreach (var id in ids) _used.Add(id);
            foreach (var id in ids.Where(id => AntimonyNames.Reserved.Contains(id)).Distinct())
                _rename[id] = Fresh(id + "_");
            foreach (var f in m.Functions.Where(f => AntimonyNames.IsBuiltInFunction(f.Id) || AntimonyNames.Reserved.Contains(f.Id)))
                _functionRename[f.Id] = _rename.TryGetValue(f.Id, out var r) ? r : Fresh(f.Id + "_");
        }

        private string Fresh(string candidate)
        {
            string name = candidate;
            for (int i = 2; _used.Contains(name) || AntimonyNames.Reserved.Contains(name); i++) name = $"{candidate}{i}";
            _used.Add(name);
            return name;
        }

        private string Id(string id) => _rename.TryGetValue(id, out var r) ? r : id;

        private string Math(Expr e, IReadOnlyDictionary<string, string>? local = null) => ExprFormatter.Format(Map(e, local));

        private Expr Map(Expr e, IReadOnlyDictionary<string, string>? local) => e switch
        {
            SymbolExpr s when local is not null && local.TryGetValue(s.Name, out var l) => new SymbolExpr(l),
            SymbolExpr s when _rename.TryGetValue(s.Name, out var r) => new SymbolExpr(r),
            CallExpr c => new CallExpr(_functionRename.TryGetValue(c.Op, out var f) ? f : c.Op,
                [.. c.Args.Select(a => Map(a, local))]),
            _ => e,
        };

        private static string Num(double v) => ExprFormatter.FormatNumber(v);

        private void Line(string text) => _sb.Append("  ").Append(text).Append(";\n");

        private void Section(string title) => _sb.Append("\n  // ").Append(title).Append('\n');

        private void WriteFunctions()
        {
            foreach (var f in m.Functions)
            {
                // Arguments are local names: keywords among them get a fresh name inside the body only.
                var local = new Dictionary<string, string>(StringComparer.Ordinal);
                var args = new List<string>();
                foreach (var a in f.Arguments)
                {
                    string name = a;
                    if (AntimonyNames.Reserved.Contains(a))
                    {
                        name = a + "_";
                        while (f.Arguments.Contains(name) || AntimonyNames.Reserved.Contains(name)) name += "_";
                        local[a] = name;
                    }
                    args.Add(name);
                }
                string fname = _functionRename.TryGetValue(f.Id, out var r) ? r : f.Id;
                _sb.Append("function ").Append(fname).Append('(').Append(string.Join(", ", args)).Append(")\n");
                _sb.Append("  ").Append(ExprFormatter.Format(MapFunctionBody(f.Body, local))).Append('\n');
                _sb.Append("end\n\n");
            }
        }

        private Expr MapFunctionBody(Expr e, Dictionary<string, string> local) => e switch
        {
            SymbolExpr s when local.TryGetValue(s.Name, out var l) => new SymbolExpr(l),
            CallExpr c => new CallExpr(_functionRename.TryGetValue(c.Op, out var f) ? f : c.Op,
                [.. c.Args.Select(a => MapFunctionBody(a, local))]),
            _ => e,
        };

        private void WriteUnits()
        {
            var units = m.Units.ToList();
            void Special(string? value, string name)
            {
                if (value is not null && value != name && units.All(u => u.Id != name))
                    units.Add(new UnitDefinition(name, [new UnitTerm(value)]));
            }
            Special(m.ModelUnits.Substance, "substance");
            Special(m.ModelUnits.Time, "time_unit");
            Special(m.ModelUnits.Volume, "volume");
            Special(m.ModelUnits.Area, "area");
            Special(m.ModelUnits.Length, "length");
            Special(m.ModelUnits.Extent, "extent");
            if (units.Count == 0) return;
            Section("Units");
            foreach (var u in units) Line($"unit {u.Id} = {UnitText(u)}");
        }

        private static string UnitText(UnitDefinition u)
        {
            static string Term(UnitTerm t, double written)
            {
                double factor = System.Math.Pow(t.Multiplier * System.Math.Pow(10, t.Scale), written);
                string text = t.Kind == "dimensionless" && written == 1 && factor != 1 ? "" : t.Kind;
                if (written != 1 && text.Length > 0) text += "^" + Num(written);
                if (factor != 1) text = text.Length > 0 ? $"{Num(factor)} {text}" : Num(factor);
                return text.Length > 0 ? text : "dimensionless";
            }
            var num = u.Terms.Where(t => t.Exponent >= 0).Select(t => Term(t, t.Exponent)).ToList();
            var den = u.Terms.Where(t => t.Exponent < 0).Select(t => Term(t, -t.Exponent)).ToList();
            string text = num.Count > 0 ? string.Join(" * ", num) : den.Count > 0 ? "1" : "dimensionless";
            foreach (var d in den) text += " / " + d;
            return text;
        }

        private bool HasInitialAssignment(string id) => m.InitialAssignments.Any(a => a.Symbol == id);

        private bool HasAssignmentRule(string id) => m.Rules.OfType<AssignmentRule>().Any(r => r.Variable == id);

        private void WriteCompartments()
        {
            if (m.Compartments.IsEmpty) return;
            Section("Compartments");
            foreach (var c in m.Compartments)
            {
                string text = (c.Constant ? "" : "var ") + "compartment " + Id(c.Id);
                if (c.Size is { } size && !HasInitialAssignment(c.Id)) text += " = " + Num(size);
                Line(text);
            }
        }

        private void WriteSpecies()
        {
            if (m.Species.IsEmpty) return;
            Section("Species");
            foreach (var s in m.Species)
            {
                var sb = new StringBuilder();
                if (s.Constant) sb.Append("const ");
                if (s.HasOnlySubstanceUnits) sb.Append("substanceOnly ");
                sb.Append("species ");
                if (s.BoundaryCondition && !s.Constant) sb.Append('$');
                sb.Append(Id(s.Id)).Append(" in ").Append(Id(s.Compartment));
                if (!HasInitialAssignment(s.Id))
                {
                    string comp = Id(s.Compartment);
                    // A species' symbol is its concentration unless substanceOnly, so the other quantity is converted.
                    string? value = (s.HasOnlySubstanceUnits, s.InitialAmount, s.InitialConcentration) switch
                    {
                        (true, { } a, _) => Num(a),
                        (true, null, { } c) => $"{Num(c)} * {comp}",
                        (false, _, { } c) => Num(c),
                        (false, { } a, null) => $"{Num(a)} / {comp}",
                        _ => null,
                    };
                    if (value is not null) sb.Append(" = ").Append(value);
                }
                Line(sb.ToString());
            }
        }

        private void WriteParameters()
        {
            var locals = m.Reactions.SelectMany(r => r.LocalParameters.Select(p => (r, p))).ToList();
            if (m.Parameters.IsEmpty && locals.Count == 0) return;
            Section("Parameters");
            foreach (var p in m.Parameters)
            {
                string prefix = p.Constant ? "" : "var ";
                if (p.Value is { } v && !HasInitialAssignment(p.Id)) Line($"{prefix}{Id(p.Id)} = {Num(v)}");
                else Line(p.Constant ? $"formula {Id(p.Id)}" : $"var {Id(p.Id)}");
            }
            foreach (var (r, p) in locals)
                Line($"{LocalName(r, p.Id)} = {Num(p.Value ?? 0)}");
        }

        private readonly Dictionary<(string, string), string> _localNames = [];

        private string LocalName(Reaction r, string parameter)
        {
            if (!_localNames.TryGetValue((r.Id, parameter), out var name))
                _localNames[(r.Id, parameter)] = name = Fresh($"{Id(r.Id)}_{parameter}");
            return name;
        }

        private void WriteReactions()
        {
            if (m.Reactions.IsEmpty) return;
            Section("Reactions");
            foreach (var r in m.Reactions)
            {
                static string Side(IEnumerable<SpeciesReference> refs, Func<string, string> id) =>
                    string.Join(" + ", refs.Select(sr => (sr.Stoichiometry ?? 1) == 1 ? id(sr.Species) : $"{Num(sr.Stoichiometry!.Value)} {id(sr.Species)}"));
                string lhs = Side(r.Reactants, Id), rhs = Side(r.Products, Id);
                var text = new StringBuilder(Id(r.Id));
                if (r.Compartment is { } c) text.Append(" in ").Append(Id(c));
                text.Append(": ");
                if (lhs.Length > 0) text.Append(lhs).Append(' ');
                text.Append(r.Reversible ? "->" : "=>");
                text.Append(' ').Append(rhs);
                text.Append(';');
                if (r.KineticLaw is { } law)
                {
                    var local = r.LocalParameters.ToDictionary(p => p.Id, p => LocalName(r, p.Id), StringComparer.Ordinal);
                    text.Append(' ').Append(Math(law, local)).Append(';');
                }
                _sb.Append("  ").Append(text).Append('\n');
            }
        }

        private void WriteRules()
        {
            if (m.Rules.IsEmpty) return;
            Section("Rules");
            foreach (var rule in m.Rules)
                Line(rule switch
                {
                    AssignmentRule a => $"{Id(a.Variable)} := {Math(a.Math)}",
                    RateRule r => $"{Id(r.Variable)}' = {Math(r.Math)}",
                    AlgebraicRule al => $"0 = {Math(al.Math)}",
                    _ => throw new InvalidOperationException($"Unknown rule {rule.GetType().Name}."),
                });
        }

        private void WriteInitialAssignments()
        {
            if (m.InitialAssignments.IsEmpty) return;
            Section("Initial assignments");
            foreach (var a in m.InitialAssignments) Line($"{Id(a.Symbol)} = {Math(a.Math)}");
        }

        private void WriteEvents()
        {
            if (m.Events.IsEmpty) return;
            Section("Events");
            foreach (var e in m.Events)
            {
                var sb = new StringBuilder();
                if (e.Id is not null) sb.Append(Id(e.Id)).Append(": ");
                sb.Append("at ");
                if (e.Delay is { } d) sb.Append(Math(d)).Append(" after ");
                sb.Append(Math(e.Trigger));
                if (e.Priority is { } p) sb.Append(", priority=").Append(Math(p));
                if (!e.InitialValue) sb.Append(", t0=false");
                if (!e.Persistent) sb.Append(", persistent=false");
                if (!e.UseValuesFromTriggerTime) sb.Append(", fromTrigger=false");
                sb.Append(": ").Append(string.Join(", ", e.Assignments.Select(a => $"{Id(a.Variable)} = {Math(a.Math)}")));
                Line(sb.ToString().TrimEnd());
            }
        }

        private void WriteAnnotations()
        {
            var lines = new List<string>();
            static string Quote(string s) => "\"" + s.Replace('"', '\'').Replace('\n', ' ') + "\"";
            if (m.Name is { } mn) lines.Add($"{ModelName()} is {Quote(mn)}");
            foreach (var c in m.Compartments)
            {
                if (c.Name is { } n) lines.Add($"{Id(c.Id)} is {Quote(n)}");
                if (c.Units is { } u) lines.Add($"{Id(c.Id)} has {u}");
            }
            foreach (var s in m.Species)
            {
                if (s.Name is { } n) lines.Add($"{Id(s.Id)} is {Quote(n)}");
                if (s.SubstanceUnits is { } u) lines.Add($"{Id(s.Id)} has {u}");
            }
            foreach (var p in m.Parameters)
            {
                if (p.Name is { } n) lines.Add($"{Id(p.Id)} is {Quote(n)}");
                if (p.Units is { } u) lines.Add($"{Id(p.Id)} has {u}");
            }
            foreach (var r in m.Reactions.Where(r => r.Name is not null)) lines.Add($"{Id(r.Id)} is {Quote(r.Name!)}");
            foreach (var e in m.Events.Where(e => e.Id is not null && e.Name is not null)) lines.Add($"{Id(e.Id!)} is {Quote(e.Name!)}");
            if (lines.Count == 0) return;
            Section("Display names and units");
            foreach (var l in lines) Line(l);
        }
    }
}

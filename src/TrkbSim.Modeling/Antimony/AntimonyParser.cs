using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>
/// Reads Antimony statements and hands them to a <see cref="ModelBuilder"/> per model block. Statements end at
/// ';' or a line end; line ends inside parentheses, after an operator or a ',' and after an event's ':' are ignored.
/// </summary>
internal sealed class AntimonyParser
{
    private static readonly HashSet<string> Modifiers = ["const", "var", "substanceOnly"];
    private static readonly HashSet<string> TypeWords = ["species", "compartment", "formula", "parameter"];

    private readonly TokenCursor _c;
    private readonly ExpressionParser _math;
    private readonly List<FunctionFacts> _functions = [];
    private readonly List<UnitDefinition> _units = [];
    private readonly List<(ModelBuilder Builder, bool Starred)> _models = [];
    private ModelBuilder _main;

    public AntimonyParser(string text, string? fileName)
    {
        _c = new TokenCursor(AntimonyLexer.Tokenize(text, fileName), fileName);
        _math = new ExpressionParser(_c);
        _main = new ModelBuilder("__main");
    }

    public Model Parse()
    {
        while (true)
        {
            SkipSeparators();
            if (_c.Current.Is(TokenKind.EndOfFile)) break;
            if (_c.Current.IsWord("model") || _c.Current.IsWord("module")) { ParseModelBlock(); continue; }
            if (_c.Current.IsWord("end")) throw _c.Error("'end' without a matching 'model' or 'function'");
            ParseStatement(_main, null);
        }

        ModelBuilder chosen;
        if (_models.Count == 0) chosen = _main;
        else
        {
            if (_main.HasContent)
                throw new ModelException(
                    "statements outside 'model ... end' in a file that also defines models; put them inside the model",
                    _main.FirstContentAt);
            chosen = _models.LastOrDefault(m => m.Starred).Builder ?? _models[^1].Builder;
        }

        // Calls inside function bodies are checked here, whether or not the chosen model uses them.
        var table = _functions.ToDictionary(f => f.Definition.Id, StringComparer.Ordinal);
        foreach (var f in _functions)
            foreach (var call in _functionCalls[f.Definition.Id]) ModelBuilder.CheckCall(call, table);

        return chosen.Build(_functions, _units);
    }

    private readonly Dictionary<string, List<CallSite>> _functionCalls = new(StringComparer.Ordinal);

    private void SkipSeparators()
    {
        while (_c.Current.Kind is TokenKind.Newline or TokenKind.Semicolon) _c.Next();
    }

    private void EndStatement(string what)
    {
        if (!AtStatementEnd) throw EndError(what);
    }

    /// <summary>
    /// True at ';', a line end, the end of the file or 'end'. Statements whose error message names them
    /// (<see cref="EndError"/>) test this first, so that the message is built only when it is needed.
    /// </summary>
    private bool AtStatementEnd => _c.AtStatementEnd || _c.Current.IsWord("end");

    private ModelException EndError(string what) =>
        _c.Error($"expected ';' or end of line after {what}, found {_c.Current.Describe()}");

    private Token ExpectName(string what)
    {
        var t = _c.Current;
        if (!t.Is(TokenKind.Identifier)) throw _c.Error($"expected {what}, found {t.Describe()}");
        if (AntimonyNames.Reserved.Contains(t.Text)) throw _c.Error($"expected {what}, found keyword '{t.Text}'");
        _c.Next();
        if (_c.Current.Is(TokenKind.Dot))
            throw _c.Error($"'{t.Text}.{_c.Peek().Text}': modules and submodels are not supported yet", t);
        return t;
    }

    private void ParseModelBlock()
    {
        var start = _c.Next();
        bool starred = _c.Accept(TokenKind.Star);
        var name = _c.Current;
        if (!name.Is(TokenKind.Identifier)) throw _c.Error($"expected a model name after '{start.Text}', found {name.Describe()}");
        _c.Next();
        if (_c.Accept(TokenKind.LParen))
        {
            // An interface list only matters when the model is used as a submodel, which is not supported.
            while (!_c.Current.Is(TokenKind.RParen))
            {
                if (_c.Current.Kind is TokenKind.EndOfFile or TokenKind.Newline)
                    throw _c.Error($"expected ')' to close the parameter list of model '{name.Text}', found {_c.Current.Describe()}");
                _c.Next();
            }
            _c.Next();
        }
        var builder = new ModelBuilder(name.Text);
        while (true)
        {
            SkipSeparators();
            if (_c.Current.IsWord("end")) { _c.Next(); break; }
            if (_c.Current.Is(TokenKind.EndOfFile))
                throw _c.Error($"missing 'end' for model '{name.Text}' (started at line {start.Line}, column {start.Column})");
            if (_c.Current.IsWord("model") || _c.Current.IsWord("module"))
                throw _c.Error($"a model cannot be defined inside model '{name.Text}'; did you forget 'end'?");
            ParseStatement(builder, name.Text);
        }
        _models.Add((builder, starred));
    }

    private void ParseStatement(ModelBuilder b, string? modelName)
    {
        var t = _c.Current;
        if (t.Is(TokenKind.Identifier))
        {
            switch (t.Text)
            {
                case "function": ParseFunction(); return;
                case "unit" when _c.Peek().Is(TokenKind.Identifier): ParseUnit(); return;
                case "import": throw _c.Error("'import': modules and submodels are not supported yet");
                case "delete": throw _c.Error("'delete': modules and submodels are not supported yet");
                case "at" when _c.Peek().Kind is not (TokenKind.Assign or TokenKind.ColonAssign or TokenKind.Prime):
                    ParseEvent(b, null, t);
                    return;
            }
            if ((Modifiers.Contains(t.Text) || TypeWords.Contains(t.Text))
                && _c.Peek().Kind is TokenKind.Identifier or TokenKind.Dollar)
            {
                ParseDeclaration(b);
                return;
            }
        }

        if (t.Is(TokenKind.Identifier) && !AntimonyNames.Reserved.Contains(t.Text))
        {
            if (_c.Peek().Is(TokenKind.Colon))
            {
                _c.Next(); _c.Next();
                ParseLabelled(b, t, null, default);
                return;
            }
            if (_c.Peek().IsWord("in") && _c.Peek(2).Is(TokenKind.Identifier) && _c.Peek(3).Is(TokenKind.Colon))
            {
                var comp = _c.Peek(2);
                _c.Next(); _c.Next(); _c.Next(); _c.Next();
                ParseLabelled(b, t, comp.Text, _c.Location(comp));
                return;
            }
        }

        if (StatementHasArrow()) { ParseReaction(b, null, t, null, default); return; }

        if (t.Is(TokenKind.Number) && t.Number == 0 && _c.Peek().Is(TokenKind.Assign))
        {
            _c.Next(); _c.Next();
            b.AddRule(RuleKind.Algebraic, null, _c.Location(t), _math.Parse(b));
            EndStatement("the algebraic rule");
            return;
        }

        if (!t.Is(TokenKind.Identifier))
            throw _c.Error($"expected a statement (reaction, rule, assignment, event or declaration), found {t.Describe()}");

        var name = ExpectName("a name at the start of the statement");
        var at = _c.Location(name);
        switch (_c.Current.Kind)
        {
            case TokenKind.ColonAssign:
                _c.Next();
                b.AddRule(RuleKind.Assignment, name.Text, at, _math.Parse(b));
                if (!AtStatementEnd) throw EndError($"the assignment rule for '{name.Text}'");
                return;
            case TokenKind.Prime:
                _c.Next();
                _c.Expect(TokenKind.Assign, $"'=' after {name.Text}' in a rate rule");
                b.AddRule(RuleKind.Rate, name.Text, at, _math.Parse(b));
                if (!AtStatementEnd) throw EndError($"the rate rule for '{name.Text}'");
                return;
            case TokenKind.Assign:
                _c.Next();
                ParseValue(b, name);
                return;
            case TokenKind.LParen:
                throw _c.Error($"'{name.Text}(...)' as a statement imports a submodel: modules and submodels are not supported yet", name);
            case TokenKind.Identifier when _c.Current.Text == "in":
                {
                    _c.Next();
                    var comp = ExpectName("a compartment name after 'in'");
                    if (_c.Accept(TokenKind.Colon)) { ParseLabelled(b, name, comp.Text, _c.Location(comp)); return; }
                    b.PlaceIn(name.Text, at, comp.Text, _c.Location(comp));
                    if (_c.Accept(TokenKind.Assign)) { ParseValue(b, name); return; }
                    if (!AtStatementEnd) throw EndError($"'{name.Text} in {comp.Text}'");
                    return;
                }
            case TokenKind.Identifier when _c.Current.Text == "is":
                {
                    _c.Next();
                    if (!_c.Current.Is(TokenKind.String))
                        throw _c.Error($"expected a quoted display name after 'is' (renaming and synonyms are not supported), found {_c.Current.Describe()}");
                    var text = _c.Next().Text;
                    if (name.Text == modelName) b.DisplayName = text;
                    else b.SetDisplayName(name.Text, at, text);
                    EndStatement("the display name");
                    return;
                }
            case TokenKind.Identifier when _c.Current.Text == "has":
                {
                    _c.Next();
                    var unit = ExpectName("a unit name after 'has'");
                    b.SetUnits(name.Text, at, unit.Text);
                    EndStatement("the unit");
                    return;
                }
            default:
                throw _c.Error($"unexpected {_c.Current.Describe()} after '{name.Text}'; expected ':=', '=', \"'\" (rate rule), ':' (label), 'in', 'is' or 'has'");
        }
    }

    private void ParseValue(ModelBuilder b, Token name)
    {
        var value = _math.Parse(b);
        string? unit = value is NumberExpr ? _math.LastLiteralUnit : null;
        b.SetValue(name.Text, _c.Location(name), value, unit);
        if (!AtStatementEnd) throw EndError($"the value of '{name.Text}'");
    }

    /// <summary>After <c>NAME:</c> or <c>NAME in C:</c> comes an event or a reaction.</summary>
    private void ParseLabelled(ModelBuilder b, Token label, string? compartment, SourceLocation compartmentAt)
    {
        _c.SkipNewlines();
        if (_c.Current.IsWord("at")) { ParseEvent(b, label.Text, label); return; }
        if (_c.Current.Is(TokenKind.Identifier) && _c.Peek().Is(TokenKind.LParen) && !StatementHasArrow())
            throw _c.Error($"'{label.Text}: {_c.Current.Text}(...)' imports a submodel: modules and submodels are not supported yet");
        ParseReaction(b, label.Text, label, compartment, compartmentAt);
    }

    /// <summary>True when '->' or '=>' occurs before the end of the current statement.</summary>
    private bool StatementHasArrow()
    {
        int save = _c.Position;
        try
        {
            int depth = 0;
            while (true)
            {
                var k = _c.Current.Kind;
                if (k == TokenKind.EndOfFile) return false;
                if (depth == 0 && k is TokenKind.Semicolon or TokenKind.Newline) return false;
                if (k is TokenKind.Arrow or TokenKind.FatArrow) return true;
                if (k == TokenKind.LParen) depth++;
                if (k == TokenKind.RParen && depth > 0) depth--;
                _c.Next();
            }
        }
        finally { _c.Position = save; }
    }

    private void ParseReaction(ModelBuilder b, string? id, Token start, string? compartment, SourceLocation compartmentAt)
    {
        // The reaction as error messages name it, built only for a message.
        string What() => id is null ? "the reaction" : $"reaction '{id}'";
        var reactants = ParseSide(b, id, arrowNext: true);
        if (!_c.Current.Is(TokenKind.Arrow) && !_c.Current.Is(TokenKind.FatArrow))
            throw _c.Error($"expected '+', '->' or '=>' in {What()}, found {_c.Current.Describe()}");
        bool reversible = _c.Next().Is(TokenKind.Arrow);
        var products = ParseSide(b, id, arrowNext: false);
        if (!_c.Accept(TokenKind.Semicolon))
            throw _c.Error($"unterminated reaction: expected '+' or ';' after the products of {What()} (then its rate law), found {_c.Current.Describe()}");
        Expr? rate = null;
        if (!AtStatementEnd)
        {
            rate = _math.Parse(b);
            if (!AtStatementEnd) throw EndError($"the rate law of {What()}");
        }
        b.AddReaction(id, _c.Location(start), compartment, compartmentAt, reactants, products, reversible, rate);
    }

    /// <summary>Reactants or products of the reaction <paramref name="id"/> (null: unnamed).</summary>
    private List<Participant> ParseSide(ModelBuilder b, string? id, bool arrowNext)
    {
        string What() => id is null ? "the reaction" : $"reaction '{id}'";
        var side = new List<Participant>(2);
        bool Ends() => _c.Current.Kind is TokenKind.Arrow or TokenKind.FatArrow or TokenKind.Semicolon
            or TokenKind.Newline or TokenKind.EndOfFile;
        if (Ends()) return side;
        while (true)
        {
            var first = _c.Current;
            double stoich = 1;
            if (first.Is(TokenKind.Number)) { stoich = first.Number; _c.Next(); }
            bool dollar = _c.Accept(TokenKind.Dollar);
            var name = _c.Current;
            if (!name.Is(TokenKind.Identifier))
                throw _c.Error($"expected a species name in {What()}, found {name.Describe()}");
            // A plain name is taken as it is; anything else gets ExpectName's message.
            var sp = !AntimonyNames.Reserved.Contains(name.Text) && !_c.Peek().Is(TokenKind.Dot)
                ? _c.Next()
                : ExpectName($"a species name in {What()}");
            side.Add(new Participant(sp.Text, stoich, _c.Location(sp)));
            if (dollar) b.Declare(sp.Text, _c.Location(sp), null, false, false, false, boundary: true);
            if (_c.Accept(TokenKind.Plus)) { _c.SkipNewlines(); continue; }
            if (Ends()) return side;
            throw _c.Error(arrowNext
                ? $"expected '+', '->' or '=>' in {What()}, found {_c.Current.Describe()}"
                : $"unterminated reaction: expected '+' or ';' after the products of {What()} (then its rate law), found {_c.Current.Describe()}");
        }
    }

    private void ParseEvent(ModelBuilder b, string? id, Token start)
    {
        _c.Next(); // at
        var first = _math.Parse(b);
        Expr trigger = first;
        Expr? delay = null, priority = null;
        if (_c.AcceptWord("after"))
        {
            delay = first;
            trigger = _math.Parse(b);
        }
        bool persistent = true, initialValue = true, fromTrigger = true;
        while (_c.Accept(TokenKind.Comma))
        {
            _c.SkipNewlines();
            var opt = _c.Current;
            if (!opt.Is(TokenKind.Identifier) || !_c.Peek().Is(TokenKind.Assign))
                throw _c.Error($"expected an event option (priority=, t0=, persistent=, fromTrigger=), found {opt.Describe()}");
            _c.Next(); _c.Next();
            switch (opt.Text)
            {
                case "priority": priority = _math.Parse(b); break;
                case "t0": initialValue = ParseBool(opt.Text); break;
                case "persistent": persistent = ParseBool(opt.Text); break;
                case "fromTrigger": fromTrigger = ParseBool(opt.Text); break;
                default: throw _c.Error($"unknown event option '{opt.Text}'; expected priority, t0, persistent or fromTrigger", opt);
            }
        }
        if (!_c.Accept(TokenKind.Colon))
            throw _c.Error($"expected ':' and the event assignments after the trigger, found {_c.Current.Describe()}");
        _c.SkipNewlines();
        var assignments = new List<EventAssignmentFacts>();
        if (!_c.AtStatementEnd && !_c.Current.IsWord("end"))
        {
            while (true)
            {
                var target = ExpectName("the name of a variable to set in the event");
                _c.Expect(TokenKind.Assign, $"'=' after '{target.Text}' in the event assignment");
                assignments.Add(new EventAssignmentFacts(target.Text, _math.Parse(b), _c.Location(target)));
                if (!_c.Accept(TokenKind.Comma)) break;
                _c.SkipNewlines();
            }
        }
        EndStatement("the event");
        b.AddEvent(new EventFacts(id, _c.Location(start), trigger, delay, priority, persistent, initialValue, fromTrigger, assignments));
    }

    private bool ParseBool(string option)
    {
        var t = _c.Current;
        if (t.IsWord("true")) { _c.Next(); return true; }
        if (t.IsWord("false")) { _c.Next(); return false; }
        throw _c.Error($"expected true or false for the event option '{option}', found {t.Describe()}");
    }

    private void ParseDeclaration(ModelBuilder b)
    {
        bool isConst = false, isVar = false, substanceOnly = false;
        SymbolKind? kind = null;
        while (_c.Current.Is(TokenKind.Identifier) && Modifiers.Contains(_c.Current.Text))
        {
            switch (_c.Next().Text)
            {
                case "const": isConst = true; isVar = false; break;
                case "var": isVar = true; isConst = false; break;
                default: substanceOnly = true; break;
            }
        }
        if (_c.Current.Is(TokenKind.Identifier) && TypeWords.Contains(_c.Current.Text)
            && _c.Peek().Kind is TokenKind.Identifier or TokenKind.Dollar)
        {
            kind = _c.Next().Text switch
            {
                "species" => SymbolKind.Species,
                "compartment" => SymbolKind.Compartment,
                _ => SymbolKind.Parameter,
            };
        }
        while (true)
        {
            bool boundary = _c.Accept(TokenKind.Dollar);
            var name = ExpectName("a name in the declaration");
            var at = _c.Location(name);
            b.Declare(name.Text, at, kind, isConst, isVar, substanceOnly, boundary);
            if (_c.AcceptWord("in"))
            {
                var comp = ExpectName("a compartment name after 'in'");
                b.PlaceIn(name.Text, at, comp.Text, _c.Location(comp));
            }
            if (_c.Accept(TokenKind.Assign))
            {
                var value = _math.Parse(b);
                b.SetValue(name.Text, at, value, value is NumberExpr ? _math.LastLiteralUnit : null);
            }
            if (!_c.Accept(TokenKind.Comma)) break;
            _c.SkipNewlines();
        }
        EndStatement("the declaration");
    }

    private void ParseFunction()
    {
        var start = _c.Next();
        var name = ExpectName("a function name after 'function'");
        if (AntimonyNames.IsBuiltInFunction(name.Text))
            throw _c.Error($"'{name.Text}' is a built-in function and cannot be redefined", name);
        _c.Expect(TokenKind.LParen, $"'(' and the arguments of function '{name.Text}'");
        var args = new List<string>();
        if (!_c.Accept(TokenKind.RParen))
        {
            while (true)
            {
                var a = ExpectName($"an argument name of function '{name.Text}'");
                if (args.Contains(a.Text)) throw _c.Error($"argument '{a.Text}' appears twice in function '{name.Text}'", a);
                args.Add(a.Text);
                if (_c.Accept(TokenKind.RParen)) break;
                _c.Expect(TokenKind.Comma, $"',' or ')' in the arguments of function '{name.Text}'");
            }
        }
        SkipSeparators();
        if (_c.Current.IsWord("end")) throw _c.Error($"function '{name.Text}' has no body: expected an expression before 'end'");
        var sink = new FunctionBodySink(name.Text, args);
        var body = _math.Parse(sink);
        SkipSeparators();
        if (!_c.Current.IsWord("end"))
            throw _c.Error(_c.Current.Is(TokenKind.EndOfFile)
                ? $"missing 'end' for function '{name.Text}' (started at line {start.Line}, column {start.Column})"
                : $"expected 'end' after the body of function '{name.Text}', found {_c.Current.Describe()}");
        _c.Next();
        _functions.Add(new FunctionFacts(new FunctionDefinition(name.Text, [.. args], body), _c.Location(start)));
        _functionCalls[name.Text] = sink.Calls;
    }

    /// <summary>Math inside a function body may use only the function's arguments.</summary>
    private sealed class FunctionBodySink(string function, List<string> args) : IMathSink
    {
        public List<CallSite> Calls { get; } = [];

        public void Reference(string name, SourceLocation at)
        {
            if (!args.Contains(name))
                throw new ModelException($"'{name}' in function '{function}' is not one of its arguments ({string.Join(", ", args)}); a function can only use its arguments", at);
        }

        public void Call(string f, int argumentCount, SourceLocation at) => Calls.Add(new CallSite(f, argumentCount, at));
    }

    private void ParseUnit()
    {
        _c.Next(); // unit
        var name = ExpectName("a unit name after 'unit'");
        var terms = new List<UnitTerm>();
        if (_c.Accept(TokenKind.Assign))
        {
            bool divide = false;
            while (true)
            {
                double factor = 1;
                if (_c.Current.Is(TokenKind.Number)) factor = _c.Next().Number;
                if (_c.Current.Is(TokenKind.Identifier))
                {
                    var kindTok = ExpectName("a unit name");
                    double written = 1;
                    if (_c.Accept(TokenKind.Caret))
                    {
                        bool neg = _c.Accept(TokenKind.Minus);
                        written = _c.Expect(TokenKind.Number, "a number as the unit exponent").Number * (neg ? -1 : 1);
                    }
                    // "F kind^w" is (F^(1/w) kind)^w; after '/' the whole of it is inverted.
                    double multiplier = factor == 1 ? 1 : System.Math.Pow(factor, 1 / written);
                    terms.Add(new UnitTerm(UnitKinds.Normalize(kindTok.Text), divide ? -written : written, 0, multiplier));
                }
                else if (factor != 1)
                    terms.Add(new UnitTerm("dimensionless", divide ? -1 : 1, 0, factor));
                if (_c.Accept(TokenKind.Star)) { divide = false; continue; }
                if (_c.Accept(TokenKind.Slash)) { divide = true; continue; }
                break;
            }
            if (terms.Count == 0) throw _c.Error($"expected a unit expression after 'unit {name.Text} =', found {_c.Current.Describe()}");
        }
        if (!AtStatementEnd) throw EndError($"the definition of unit '{name.Text}'");
        if (_units.Any(u => u.Id == name.Text))
            _units.RemoveAll(u => u.Id == name.Text);
        _units.Add(new UnitDefinition(name.Text, [.. terms]));
    }
}

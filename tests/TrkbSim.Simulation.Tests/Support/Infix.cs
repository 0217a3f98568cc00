using System.Globalization;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Tests.Support;

/// <summary>A tiny infix reader for test models (operators + - * / ^, relations, &amp;&amp; || !, calls by Ops names).</summary>
internal static class Infix
{
    public static Expr Parse(string text)
    {
        var p = new Reader(text);
        var e = p.Or();
        p.Skip();
        if (p.Pos != text.Length) throw new FormatException($"Unexpected '{text[p.Pos..]}' in '{text}'.");
        return e;
    }

    private sealed class Reader(string s)
    {
        public int Pos;

        public void Skip() { while (Pos < s.Length && char.IsWhiteSpace(s[Pos])) Pos++; }

        private bool Eat(string tok)
        {
            Skip();
            if (string.CompareOrdinal(s, Pos, tok, 0, tok.Length) != 0) return false;
            // Do not split "<=" into "<" "=".
            if (tok is "<" or ">" or "!" && Pos + 1 < s.Length && s[Pos + 1] == '=') return false;
            Pos += tok.Length;
            return true;
        }

        public Expr Or()
        {
            var a = And();
            while (Eat("||")) a = Expr.Call(Ops.Or, a, And());
            return a;
        }

        private Expr And()
        {
            var a = Rel();
            while (Eat("&&")) a = Expr.Call(Ops.And, a, Rel());
            return a;
        }

        private Expr Rel()
        {
            var a = Add();
            foreach (var (tok, op) in new[] { ("<=", Ops.Leq), (">=", Ops.Geq), ("==", Ops.Eq), ("!=", Ops.Neq), ("<", Ops.Lt), (">", Ops.Gt) })
                if (Eat(tok)) return Expr.Call(op, a, Add());
            return a;
        }

        private Expr Add()
        {
            var a = Mul();
            while (true)
            {
                if (Eat("+")) a = Expr.Call(Ops.Plus, a, Mul());
                else if (Eat("-")) a = Expr.Call(Ops.Minus, a, Mul());
                else return a;
            }
        }

        private Expr Mul()
        {
            var a = Unary();
            while (true)
            {
                if (Eat("*")) a = Expr.Call(Ops.Times, a, Unary());
                else if (Eat("/")) a = Expr.Call(Ops.Divide, a, Unary());
                else return a;
            }
        }

        private Expr Unary()
        {
            if (Eat("-")) return Expr.Call(Ops.Minus, Unary());
            if (Eat("!")) return Expr.Call(Ops.Not, Unary());
            var a = Atom();
            if (Eat("^")) return Expr.Call(Ops.Power, a, Unary());
            return a;
        }

        private Expr Atom()
        {
            Skip();
            if (Eat("("))
            {
                var e = Or();
                if (!Eat(")")) throw new FormatException($"Expected ')' in '{s}'.");
                return e;
            }
            int start = Pos;
            if (Pos < s.Length && (char.IsDigit(s[Pos]) || s[Pos] == '.'))
            {
                while (Pos < s.Length && (char.IsDigit(s[Pos]) || s[Pos] == '.' || s[Pos] == 'e' || s[Pos] == 'E'
                       || ((s[Pos] == '-' || s[Pos] == '+') && (s[Pos - 1] == 'e' || s[Pos - 1] == 'E')))) Pos++;
                return Expr.Num(double.Parse(s[start..Pos], CultureInfo.InvariantCulture));
            }
            while (Pos < s.Length && (char.IsLetterOrDigit(s[Pos]) || s[Pos] == '_')) Pos++;
            if (start == Pos) throw new FormatException($"Unexpected character at {Pos} in '{s}'.");
            string id = s[start..Pos];
            if (Eat("("))
            {
                var args = new List<Expr>();
                if (!Eat(")"))
                {
                    do args.Add(Or()); while (Eat(","));
                    if (!Eat(")")) throw new FormatException($"Expected ')' in '{s}'.");
                }
                return Expr.Call(id, [.. args]);
            }
            return id switch
            {
                "time" => TimeExpr.Instance,
                "pi" or "exponentiale" or "avogadro" or "true" or "false" or "infinity" or "notanumber" => new ConstantExpr(id),
                _ => Expr.Sym(id),
            };
        }
    }
}

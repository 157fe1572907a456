import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { sanitiseSvg, svgFromDataUrl, svgToDataUrl, type XmlParser, type XmlSerializer } from '../../renderer/screens/svg-sanitise.ts';

const parser = new DOMParser({ errorHandler: () => {} }) as unknown as XmlParser;
const serializer = new XMLSerializer() as unknown as XmlSerializer;
const clean = (svg: string) => {
  const result = sanitiseSvg(svg, parser, serializer);
  if (!result.ok) throw new Error(result.error);
  return result;
};

const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert('boom')</script>
  <script xlink:href="https://evil.example/x.js"/>
  <style>@import url(https://evil.example/x.css);</style>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(2)">hi</div></foreignObject>
  <a href="javascript:alert(3)"><rect width="5" height="5"/></a>
  <use href="https://evil.example/sprite.svg#icon"/>
  <use href="#ok"/>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <linearGradient id="g"><stop offset="0" stop-color="#888"/></linearGradient>
  <path id="ok" d="M0 0 L10 10" fill="url(#g)" stroke="url(https://evil.example/paint)" onmouseover="alert(4)" style="fill:red"/>
  <animate attributeName="href" to="javascript:alert(5)"/>
  <set attributeName="onclick" to="alert(6)"/>
</svg>`;

describe('sanitising imported SVG', () => {
  it('removes scripts, handlers, embedded HTML, links, styles, animation and every external reference', () => {
    const { svg, removed } = clean(HOSTILE);
    expect(removed).toBeGreaterThan(10);
    for (const bad of ['script', 'onload', 'onclick', 'onmouseover', 'javascript:', 'evil.example', 'foreignObject', '<style', '<a ', '<animate', '<set', 'style=']) {
      expect(svg, bad).not.toContain(bad);
    }
  });

  it('keeps the drawing: shapes, gradients referenced in the document, local uses and embedded raster images', () => {
    const { svg } = clean(HOSTILE);
    expect(svg).toContain('<path id="ok" d="M0 0 L10 10" fill="url(#g)"/>');
    expect(svg).toContain('<linearGradient id="g"><stop offset="0" stop-color="#888"/></linearGradient>');
    expect(svg).toContain('<use href="#ok"/>');
    expect(svg).toContain('href="data:image/png;base64,iVBORw0KGgo="');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 10 10">/);
    // What comes out is a document the parser reads again, and cleaning it again changes nothing.
    expect(clean(svg)).toEqual({ ok: true, svg, removed: 0 });
  });

  it('refuses what is not an SVG document, saying why', () => {
    expect(sanitiseSvg('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', parser, serializer)).toEqual({
      ok: false,
      error: 'not an SVG document (no <svg> root in the SVG namespace)',
    });
    expect(sanitiseSvg('<svg><rect/></svg>', parser, serializer).ok).toBe(false);
    expect(sanitiseSvg('x'.repeat(2_000_001), parser, serializer)).toEqual({ ok: false, error: 'the SVG is larger than 2 MB' });
  });

  it('round-trips data URLs with text outside ASCII', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Füllstand °C</text></svg>';
    expect(svgFromDataUrl(svgToDataUrl(svg))).toBe(svg);
    expect(svgFromDataUrl('data:image/png;base64,AAAA')).toBeUndefined();
  });
});

/**
 * Name, company and locale pools for the synthetic contact corpus (see `generate.ts`). Data, not logic, so the
 * file is long by nature. Lists are ordered by rough real-world frequency: the generator weights by rank (Zipf),
 * so early entries are common and late ones rare. In the source strings words are separated by whitespace and
 * `_` stands for a space inside one name (`van_den_Berg`).
 */

/** Splits a pool string into names, de-duplicated, order kept. */
function list(source: string): readonly string[] {
  return [...new Set(source.split(/\s+/).filter(Boolean).map((word) => word.replaceAll('_', ' ')))];
}

/** Plausible toponymic surnames built from real heads and tails (Ash+ford, Lind+qvist), appended as the rare tail. */
function compose(heads: string, tails: string): readonly string[] {
  const out: string[] = [];
  for (const head of list(heads)) {
    for (const tail of list(tails)) {
      if (head.at(-1)?.toLowerCase() !== tail[0] && head.toLowerCase() !== tail) out.push(head + tail);
    }
  }
  return out;
}

/** Naming traditions the pools cover; each country draws people from a weighted mix of them. */
export const CULTURES = [
  'anglo', 'irish', 'hispanic', 'german', 'french', 'italian', 'dutch', 'nordic', 'indian',
  'chinese', 'japanese', 'arabic', 'portuguese', 'slavic', 'turkish', 'african',
] as const;
export type Culture = (typeof CULTURES)[number];

/** Given names per culture, mixed genders, most frequent first. Nicknames live in {@link NICKNAMES}, not here. */
export const FIRST_NAMES: Readonly<Record<Culture, readonly string[]>> = {
  anglo: list(`James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
    Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Sandra Anthony Margaret Mark
    Ashley Donald Kimberly Steven Emily Paul Donna Andrew Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian
    Deborah George Stephanie Timothy Rebecca Ronald Sharon Edward Laura Jason Cynthia Jeffrey Kathleen Ryan Amy Jacob
    Angela Gary Shirley Nicholas Anna Eric Brenda Jonathan Pamela Stephen Emma Larry Nicole Justin Helen Scott
    Samantha Brandon Katherine Benjamin Christine Samuel Debra Gregory Rachel Alexander Carolyn Frank Janet Patrick
    Catherine Raymond Heather Jack Diane Dennis Ruth Jerry Julie Tyler Olivia Aaron Joyce Adam Virginia Nathan
    Victoria Henry Kelly Douglas Lauren Zachary Christina Peter Joan Kyle Evelyn Ethan Judith Walter Megan Noah
    Andrea Jeremy Cheryl Christian Hannah Keith Jacqueline Roger Martha Terry Gloria Gerald Teresa Harold Ann Sean
    Sara Austin Madison Carl Frances Arthur Kathryn Lawrence Janice Dylan Jean Jesse Abigail Jordan Alice Bryan Judy
    Bruce Sophia Gabriel Grace Logan Denise Albert Amber Alan Doris Wayne Marilyn Elijah Danielle Randy Beverly Roy
    Isabella Vincent Theresa Ralph Diana Eugene Natalie Russell Brittany Mason Charlotte Philip Marie Louis Kayla
    Harry Alexis Howard Lori Liam Chloe Oliver Ava Lucas Mia Owen Harper Caleb Ella Connor Avery Hunter Scarlett
    Carter Lily Isaac Zoë Luke Aria Wyatt Nora Jayden Riley Levi Layla Sebastian Zoey Julian Penelope Landon
    Addison Gavin Aubrey Colton Stella Evan Leah Isaiah Ellie Chase Savannah Cameron Claire Ian Lucy Cole Skylar
    Blake Paisley Miles Everly Grant Naomi Trevor Hazel Spencer Violet Derek Aurora Marcus Audrey Shane Bella Travis
    Caroline Jared Genesis Cody Kennedy Seth Sadie Garrett Allison Brett Gabriella Dustin Maya Troy Autumn Craig
    Quinn Todd Madeline Chad Piper Shawn Ruby Curtis Eva Wesley Serenity Victor Lydia Glenn Clara Neil Vivian Edwin
    Reagan Clifford Sophie Dale Faith Stanley Alexa Leonard Delilah Nathaniel Brooklyn Theodore Josephine Bradley
    Eleanor Phillip Jasmine Gordon Kaylee Francis Molly Martin Morgan Herbert Rose Vernon Valerie Leroy Tiffany
    Ernest Crystal Melvin Tammy Lloyd Wendy Clarence Dawn Barry Tracy Floyd Bonnie Harvey Kristen Lewis Holly Warren
    Erin Mitchell Monica Clayton Vanessa Gilbert Joanne Dean Kristin Herman Leslie Allen Gail Marvin Lorraine Calvin
    Norman Courtney Oscar Erica Jay Katie Rodney Colleen Graham Fiona Nigel Gareth Bethany Rhys Gemma Callum Kirsty
    Alistair Imogen Rupert Harriet Hugo Poppy Archie Freya Alfie Toby Phoebe Ross Amelia Stuart Eloise Duncan Isla
    Angus Elliot Darcy Marlon Ingrid Desmond Winifred Reginald Mabel Cecil Beatrix Jasper Rosalind Ambrose Lorna
    Percival Maxine Barnaby Tabitha Quentin Felicity Roland Hermione Silas Ophelia Ezra Willow Jude Iris Rowan
    Matilda Tristan Esme Dominic Georgina Fraser Morven Lachlan Sienna Declan Tamsin`),
  irish: list(`Seán Siobhán Patrick Mary Aoife Ciarán Niamh Conor Saoirse Róisín Cian Orla Darragh Caoimhe Eoin
    Clodagh Oisín Sinéad Pádraig Aisling Colm Máire Fionn Gráinne Cathal Deirdre Diarmuid Eimear Dónal Maeve Kieran
    Ciara Niall Bríd Ronan Fiadh Tadhg Nuala Shane Sorcha Rory Áine Éamonn Clíona Fergal Mairéad Dara Bláthnaid
    Lorcan Muireann Ruairí Síle Fiachra Éabha Seamus Nóirín`),
  hispanic: list(`José María Juan Carmen Luis Ana Carlos Laura Jorge Lucía Miguel Sofía Antonio Isabel Francisco
    Elena Manuel Marta Pedro Paula Javier Cristina Alejandro Patricia Fernando Rosa Ricardo Gabriela Diego Andrea
    Sergio Valentina Alberto Daniela Raúl Adriana Eduardo Mónica Roberto Verónica Andrés Claudia Rafael Beatriz
    Pablo Alejandra Enrique Silvia Óscar Natalia Héctor Guadalupe Arturo Teresa Ramón Pilar Ignacio Dolores Víctor
    Rocío Rubén Inés Álvaro Marisol Gonzalo Julia Emilio Ximena Mateo Camila Santiago Valeria Sebastián Mariana
    Nicolás Catalina Martín Carolina Tomás Esperanza Julián Lorena Ángel Ángela Felipe Jimena Esteban Noelia
    Guillermo Concepción Jesús Mercedes Agustín Nuria Iván Montserrat Joaquín Alba Gerardo Paloma Rodrigo Irene
    Hugo Lourdes Marcos Yolanda Emiliano Renata Salvador Fernanda Mauricio Araceli Alfonso Inmaculada Begoña Íñigo
    Maite Xavier Itziar Jordi Núria Leire`),
  german: list(`Thomas Andreas Stefan Michael Christian Peter Markus Alexander Martin Frank Jürgen Klaus Wolfgang
    Sebastian Tobias Matthias Daniel Jan Lukas Jonas Maximilian Felix Florian Uwe Dieter Bernd Ralf Jörg Torsten
    Heiko Dirk Holger Sven Lars Niklas Moritz Paul Leon Finn Julian Philipp Benedikt Johannes Friedrich Heinrich
    Karl Günter Helmut Horst Manfred Werner Rainer Hans Ursula Sabine Petra Andrea Claudia Susanne Monika Birgit
    Stefanie Katharina Julia Anna Lena Laura Sarah Lisa Hannah Sophie Marie Lea Johanna Franziska Kerstin Anja
    Nicole Tanja Silke Heike Karin Renate Gabriele Ingrid Brigitte Elke Jutta Bärbel Annegret Jana Nadine Miriam
    Vanessa Melanie Carina Svenja Antje Ulrike Frauke Greta Emilia Charlotte Luise Mathilde Klara Günther Björn
    Ludwig Gerhard Hartmut Volker Detlef Reinhard Siegfried Lothar Wilhelm Henrike Dörte Gudrun Hiltrud Irmgard
    Waltraud Roswitha Jens Kai Malte Till Ole Nils Fynn Jannik`),
  french: list(`Jean Marie Pierre Nathalie Michel Isabelle Philippe Sylvie Alain Catherine Nicolas Sophie Christophe
    Christine Patrick Valérie Laurent Sandrine Julien Céline Thomas Stéphanie François Véronique Éric Aurélie
    Stéphane Émilie Olivier Caroline Sébastien Julie Frédéric Camille Antoine Chloé Guillaume Léa Maxime Manon
    Alexandre Inès Jérôme Hélène Benoît Anaïs Mathieu Élodie Hugo Margaux Lucas Clémence Louis Juliette Arthur
    Océane Théo Zoé Raphaël Mélanie Gabriel Agnès Léo Brigitte Jules Françoise Étienne Geneviève Rémi Yves Monique
    Gérard Martine Bernard Danielle Thierry Pascale Didier Dominique Jacques Odile Henri Béatrice Guy Corinne
    Vincent Virginie Baptiste Laetitia Damien Noémie Cédric Maëlle Grégoire Solène Loïc Gaëlle Mickaël Léonie
    Jean-Pierre Marie-Claire Jean-Luc Anne-Sophie Jean-François Marie-Hélène Jean-Marc Marie-Christine Pierre-Yves
    Anne-Laure Jean-Baptiste Marie-Laure Hervé Sylvain Xavier Fabrice Florence Amélie Adèle Gwenaël Ségolène`),
  italian: list(`Giuseppe Maria Giovanni Anna Antonio Giulia Mario Francesca Luigi Chiara Francesco Sara Angelo
    Valentina Vincenzo Federica Pietro Alessandra Salvatore Elena Carlo Silvia Franco Laura Domenico Martina Bruno
    Paola Paolo Roberta Michele Giorgia Giorgio Alessia Alessandro Elisa Lorenzo Cristina Andrea Simona Marco
    Daniela Luca Monica Matteo Barbara Davide Serena Stefano Claudia Roberto Ilaria Riccardo Beatrice Fabio Massimo
    Rosa Enrico Teresa Gianluca Lucia Emanuele Giovanna Nicola Caterina Tommaso Eleonora Leonardo Aurora Gabriele
    Sofia Filippo Noemi Niccolò Ginevra Edoardo Greta Raffaele Carla Sergio Patrizia Ludovica Gaetano Carmela`),
  dutch: list(`Jan Johannes Cornelis Hendrik Pieter Willem Gerrit Jacobus Dirk Adrianus Daan Sem Lucas Levi Bram
    Thijs Jesse Ruben Niels Sander Joost Bas Koen Maarten Stijn Jeroen Wouter Tim Rutger Floris Joris Sjoerd Maria
    Johanna Anna Cornelia Wilhelmina Elisabeth Emma Sophie Julia Tess Fenna Sanne Lotte Femke Iris Anouk Eva Lisa
    Roos Maud Esther Ingrid Marieke Annemieke Wendy Mirjam Ilse Kim Linda Sandra Yvonne Marloes Noor Fleur Lieke
    Floor Janneke Sietske Hidde Gijs`),
  nordic: list(`Lars Anders Johan Erik Karl Nils Per Mikael Fredrik Jonas Magnus Henrik Björn Sven Gustav Oskar Axel
    Viktor Emil Elias Olof Håkan Göran Mats Leif Søren Rasmus Mads Jens Ole Kristian Maja Elsa Ebba Astrid Ingrid
    Karin Kerstin Linnéa Saga Freja Ida Emma Åsa Birgitta Margareta Malin Annika Helena Johanna Frida Klara Signe
    Sigrid Solveig Liv Hanne Mette Kirsten Camilla Pernilla Ulla Jenny Tove Elin Hedda Stina Sindre Øystein Torbjørn`),
  indian: list(`Rahul Priya Amit Pooja Rajesh Anjali Sanjay Neha Vijay Divya Suresh Kavita Ramesh Sunita Anil Deepika
    Arun Shreya Ravi Swati Sunil Aishwarya Manoj Meera Vikram Nisha Ajay Lakshmi Ashok Rekha Deepak Geeta Arjun
    Ananya Aditya Isha Rohan Riya Karthik Sneha Nikhil Kriti Prakash Shalini Vivek Preeti Gaurav Tanvi Siddharth
    Aarti Varun Radhika Harish Jyoti Sachin Madhuri Abhishek Sapna Naveen Vidya Mohan Padma Krishna Uma Venkatesh
    Revathi Srinivas Bhavana Ganesh Lata Pranav Kiran Akash Nandini Aarav Saanvi Vihaan Aditi Ishaan Diya Reyansh
    Anika Harsh Pallavi Yash Sonali Manish Ritu Rakesh Smita Dinesh Archana Mahesh Usha Satish Veena Pradeep Charu
    Rajiv Jaya Sandeep Asha Alok Poonam Nitin Mamta Hemant Kamala Girish Sarita`),
  chinese: list(`Wei Jing Min Hui Lei Yan Jun Fang Ying Hao Xin Ming Yu Jie Ling Qiang Mei Tao Hong Bo Xiaoming
    Xiaoyan Jian Lan Peng Yun Kai Na Feng Ping Hua Zhi Yi Rui Ting Chao Bin Juan Gang Qing Dong Xia Yong Yuxuan
    Zihan Haoran Yichen Jiayi Xinyi Mingzhe Shuang Kelvin Eunice Desmond Jolene Wilson Cheryl Vivian Jasmine`),
  japanese: list(`Hiroshi Yuki Takashi Keiko Kenji Yoko Akira Naoko Satoshi Tomoko Makoto Yumiko Kazuo Akiko Takeshi
    Emi Daisuke Ayumi Shota Haruka Yuta Misaki Kenta Sakura Ryota Aoi Takumi Hina Sota Yui Haruto Yuna Ren Mio Kaito
    Rin Hayato Nanami Koji Mayumi Tetsuya Kumiko Masahiro Noriko Yusuke Eri Shinji Chika Taro Hanako Ichiro Sachiko
    Ryo Miho Naoki Asuka Tatsuya Kana`),
  arabic: list(`Mohammed Fatima Ahmed Aisha Ali Mariam Omar Khadija Hassan Zainab Youssef Layla Ibrahim Nour Khalid
    Mustafa Amina Hamza Yasmin Karim Salma Tariq Rania Samir Leila Nabil Hana Rachid Dina Mehdi Imane Bilal Soumaya
    Adel Nadia Walid Samira Hicham Malika Amir Lina Ziad Rim Faisal Huda Anas Mouna Reda Houda Younes Asmaa Sami
    Jamal Ghada Majid Noura`),
  portuguese: list(`João Maria Pedro Ana Lucas Beatriz Gabriel Mariana Rafael Juliana Mateus Camila Felipe Larissa
    Gustavo Letícia Bruno Fernanda Thiago Amanda Rodrigo Bruna Diego Carolina Eduardo Gabriela Leonardo Isabela
    Marcelo Vitória Ricardo Luana Paulo Patrícia André Renata Tiago Sofia Vítor Raquel Miguel Inês Rui Joana Nuno
    Catarina Gonçalo Rita Duarte Filipa Henrique Marta Fábio Sónia Sérgio Conceição Antônio Luíza Caio Thaís Márcio
    Cláudia`),
  slavic: list(`Piotr Anna Krzysztof Katarzyna Tomasz Małgorzata Paweł Agnieszka Michał Magdalena Łukasz Joanna
    Marcin Aleksandra Jakub Ewa Marek Monika Grzegorz Dorota Zofia Wojciech Dmitri Olga Sergei Natalia Alexei
    Tatiana Ivan Nikolai Irina Andrei Svetlana Mikhail Yulia Vladimir Ekaterina Pavel Anastasia Jiří Petra Tomáš
    Lucie Tereza Ondřej Veronika Luka Marko Ivana Nikola Milena Jelena Bogdan Oksana Taras Halyna Yaroslav Kateryna`),
  turkish: list(`Mehmet Ayşe Mustafa Fatma Ahmet Emine Ali Hatice Hüseyin Zeynep Hasan Elif İbrahim Meryem Murat
    Özlem Emre Esra Burak Merve Can Büşra Kemal Gül Serkan Derya Cem Sevgi Deniz Ebru Onur Selin Kerem Aylin Oğuz
    Tuba Yusuf Şule Barış Ceren`),
  african: list(`Chinedu Ngozi Oluwaseun Adaeze Emeka Chiamaka Tunde Folake Kwame Ama Kofi Abena Yaw Akosua Babajide
    Funmilayo Ikechukwu Nneka Segun Yetunde Olumide Bisola Chukwuemeka Ifeoma Themba Thandiwe Sipho Nomvula Tendai
    Chipo Kagiso Lerato Juma Amani Baraka Zawadi Abebe Tigist Kelechi Uchenna`),
};

/** Family names per culture, most frequent first; combinatorial tails widen the anglo, German and Nordic pools. */
export const LAST_NAMES: Readonly<Record<Culture, readonly string[]>> = {
  anglo: [
    ...list(`Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee
    Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson
    Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook
    Morgan Bell Murphy Bailey Cooper Richardson Cox Howard Ward Peterson Gray James Watson Brooks Kelly Sanders Price
    Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson Hughes Washington Butler Simmons
    Foster Bryant Alexander Russell Griffin Hayes Myers Ford Hamilton Graham Sullivan Wallace West Cole Jordan Owens
    Reynolds Fisher Ellis Harrison Gibson McDonald Marshall Wells Tucker Porter Hunter Hicks Crawford Henry Boyd Mason
    Kennedy Warren Dixon Burns Gordon Shaw Holmes Rice Robertson Hunt Black Daniels Palmer Mills Nichols Grant Knight
    Ferguson Stone Hawkins Dunn Perkins Hudson Spencer Stephens Pierce Lawrence Berry Matthews Arnold Wagner Willis
    Ray Watkins Olson Carroll Duncan Snyder Hart Cunningham Bradley Lane Andrews Harper Fox Riley Armstrong Carpenter
    Weaver Greene Lawson Elliott Chapman Webb Fowler Lambert Fleming Barker Holland Pearson Bishop Newman Hopkins
    Dawson Chambers Fletcher Nash Bates Lloyd Rowe Bowen Shepherd Lowe Kirby Payne Sutton Glover Atkinson Marsh
    Hodges Pratt Sherman Hammond Booth Davidson Reeves Gilbert Blake Harvey Jennings Nicholson Curtis Ramsey Franklin
    Barton Briggs Cross Parsons Norton Cannon Vaughan Chandler Ball Frost Summers Page Buckley Whitehead Kemp Todd
    Dean Austin Fuller Gill Saunders Lucas Watts Day Barrett Randall Abbott Wade Bush Steele Osborne Holt Sharp Banks
    Horton Dalton Middleton Benson Goodwin Hewitt Moss Hardy Barber Pope Howell Goodman Hobbs Kent Hayward Hancock
    Little Dale Greenwood Whitaker Harding Knowles Tyler Stevenson Hutchinson Ingram Rowland Yates Newton Sanderson
    Sheppard Hurst Burgess Bond Lamb Atkins Hale Coates Bradshaw Ashworth Haynes Rhodes Whitfield Pickering Thornton
    Wilkinson Wilkins Beckett Bolton Kendall Mercer Tanner Weston Winter Cartwright Sinclair Fraser MacLeod MacKenzie
    McIntyre McKay Murray Stuart Reid Paterson Cameron Morrison Douglas Forbes Gunn Innes Munro Rennie Baird Crichton
    Lindsay Chisholm Drummond Sutherland Buchanan Kerr Ogilvie Lockhart Maxwell Dunbar Galbraith Wemyss Haig Napier
    Pritchard Bevan Griffiths Llewellyn Vaughn Prosser Powys Meredith Cadwallader Rees Morgans Jeffries Whitlock
    Langley Ainsworth Blackburn Brennan Cavendish Fairclough Gresham Hargreaves Holloway Kingsley Lockwood Radcliffe
    Stanhope Thackeray Underwood Wainwright Wetherby Worthington Yardley Alcott Bingham Carver Dempster Emerson
    Farrow Garland Hadley Ives Jarvis Keating Lister Marlow Norris Oakley Prescott Quigley Rutherford Slater Tennant
    Upton Vickers Whitman Yeats Ashby Beaumont Chadwick Devereux Eastwood Fairbanks Gilmore Hathaway Irving Joyner
    Kirkland Lovell Mayfield Northcott Ormsby Pemberton Redgrave Sheffield Templeton Vance Wexley`),
    ...compose(
      `Ash Brad Black Brook Chal Craw Dal Daven Ells Fair Fern Glad Gold Hart Hay Hol Kings Lang Lock Mar Mid Mor Nor
      Old Pen Ran Red Ros Rush Sand Shel Stan Stock Thorn Wal West Whit Wood Win Wor Brom Clif Hurst Pack Alder`,
      `ford ley ton wood field worth by wick more well ham bury ridge stone dale combe shaw den land brook cott hurst
      ington win gate`,
    ),
  ],
  irish: list(`Murphy Kelly O'Brien O'Sullivan Walsh O'Connor Ryan Byrne O'Neill McCarthy Doyle Gallagher Lynch
    Quinn McLoughlin Carroll Connolly Daly Dunne Brennan Burke Farrell Fitzgerald Healy Kavanagh Keane Kenny Maguire
    Moran Nolan O'Donnell O'Reilly O'Mahony O'Callaghan O'Leary O'Shea O'Dwyer O'Keeffe O'Halloran Power Regan
    Sheehan Sweeney Whelan Cullen Duffy Flanagan Flynn Hogan McGrath McNamara MacMahon Dempsey Devlin Donnelly Egan
    Gorman Hennessy Lennon Lyons Mulligan Nugent Phelan Rooney Tierney Twomey Ó_Briain Mac_Giolla_Phádraig Ní_Bhriain`),
  hispanic: list(`García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez
    Díaz Cruz Morales Reyes Gutiérrez Ortiz Ramos Jiménez Ruiz Álvarez Mendoza Castillo Vásquez Romero Herrera Medina
    Aguilar Vargas Castro Moreno Guzmán Muñoz Chávez Salazar Navarro Delgado Méndez Rojas Domínguez Vega Cabrera
    Campos Guerrero Núñez Ríos Contreras Figueroa Fuentes Sandoval Carrillo Espinoza Acosta Soto Marín Molina Serrano
    Blanco Suárez Ibáñez Peña Rubio Iglesias Santos Vidal Calvo Gallego Cortés Lozano Garrido Prieto Pascual Santana
    Velázquez Cervantes Ochoa Ibarra Salinas Lara Cordero León Mejía Orozco Valdez Zamora Bravo Pacheco Ponce Luna
    Sosa Benítez Barrera Escobar De_la_Cruz De_León Del_Valle Echeverría Goñi Urquiza Zubizarreta`),
  german: [
    ...list(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter
    Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause
    Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller
    Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke
    Albrecht Schuster Simon Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel
    Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Voigt Sauer
    Arnold Wolff Pfeiffer Ernst Lindner Hübner Kramer Jansen Franz Hammer Götz Ulrich Dietz Kolb Fink Kunz Wendt Stahl
    von_Bergen von_der_Heide Straßburger Weißmüller`),
    ...compose(
      `Stein Roth Rosen Linden Eich Berg Hoch Schön Alt Neu Grün Wald Wein Fisch Sonnen Brand Hof Kirch Mühl Lauten`,
      `berg mann feld bach hausen thal stein meier baum dorf hof brunner huber wald`,
    ),
  ],
  french: list(`Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy
    Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefèvre Faure
    André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin
    Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier
    Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy
    Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre
    Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Dupuis Guillot Hubert Carpentier Dupuy Moulin
    Deschamps Huet Vasseur Boucher Fleury Royer Jacquet Poirier Marty Aubry Guyot Carré Renault Charpentier Ménard
    Maillard Baron Bertin Bailly Hervé Collet Le_Gall Le_Roux Delacroix Saint-Martin D'Arcy Lévêque Besançon`),
  italian: list(`Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca
    Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli
    Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De_Santis D'Angelo Marchetti Parisi Villa
    Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De_Angelis Gatti Pellegrini Palumbo Sanna
    Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti
    Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino Fiore De_Rosa Ferretti Bellini Basile Riva
    Donati Piras Vitali Battaglia Sartori Neri D'Amico Orlando Sorrentino Zanetti`),
  dutch: list(`de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder de_Groot
    Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer van_der_Linden Kok
    Jacobs de_Haan Vermeulen van_den_Heuvel van_der_Veen van_den_Broek de_Bruijn de_Bruin van_der_Heijden Schouten
    van_Beek Willems van_Vliet van_de_Ven Hoekstra Maas Verhoeven Koster van_Dam van_der_Wal Prins Blom Huisman
    Peeters de_Koning van_Wijk Postma Kuipers van_der_Laan Timmermans Groen Gerritsen Vink Boers Evers`),
  nordic: [
    ...list(`Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson
    Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren
    Axelsson Berg Bergström Lundberg Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg
    Sjöberg Wallin Engström Eklund Danielsson Håkansson Lundin Gunnarsson Björk Holm Samuelsson Fransson Wikström
    Isaksson Nyström Hansen Jensen Nielsen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen
    Madsen Kristensen Olsen Thomsen Johansen Møller Mortensen Berntsen Haugen Bakken Solberg Dahl Lie Strand Ødegaard
    Halvorsen`),
    ...compose(
      `Berg Lund Lind Sjö Ek Holm Strand Dahl Nord Sand Ström Björk Fors Ahl Hag`,
      `ström berg lund qvist gren dahl holm man ling blad`,
    ),
  ],
  indian: list(`Sharma Patel Singh Kumar Gupta Shah Mehta Reddy Iyer Nair Rao Joshi Desai Verma Agarwal Jain Chopra
    Malhotra Kapoor Bhat Pillai Menon Mishra Pandey Yadav Chauhan Thakur Saxena Srivastava Tiwari Dubey Banerjee
    Chatterjee Mukherjee Das Bose Sen Ghosh Dutta Chakraborty Naidu Krishnan Subramanian Venkatesan Raman Ramaswamy
    Narayanan Hegde Kulkarni Deshpande Patil Pawar Shinde Jadhav Gaikwad Bhatt Trivedi Parekh Kaur Gill Sandhu Sidhu
    Dhillon Grewal Bajwa Arora Khanna Sethi Bhatia Ahuja Anand Goel Mittal Bansal D'Souza Fernandes Varghese Kurian`),
  chinese: list(`Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie
    Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao
    Tan Lim Ng Wong Chan Leung Lau Cheung Ho Yip Chua Goh Teo Koh Ong Chong Kwok Fung Yeung Tsang`),
  japanese: list(`Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki
    Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima
    Maeda Fujita Ogawa Goto Okada Hasegawa Murakami Kondo Ishii Saito Sakamoto Endo Aoki Fujii Nishimura Fukuda Ota
    Miura Fujiwara Okamoto Matsuda Nakagawa Nakano Harada Ono Tamura Takeuchi Kaneko Wada Nakayama Ishida Ueda Morita
    Hara Shibata Sakai Kudo Yokoyama`),
  arabic: list(`Al-Sayed Haddad Khoury Nasser Hussein Ibrahim Hassan Mansour Saleh Abdullah Rahman Aziz Farouk
    El-Amin Benali Bouzid Cherif Mahmoud Youssef Salem Suleiman Khalil Darwish Qureshi Sheikh Malik Hamdan Jaber
    Najjar Saad Awad Barakat Fakhoury Ghanem Habib Issa Jabbour Kassab Lahoud Masri Nassar Othman Rashid Sabbagh Tahan
    Zaki Amrani Benjelloun Alaoui Tazi El_Idrissi Bennani Mansouri Haddadi Ziani`),
  portuguese: list(`Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins
    Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques
    Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Pinto Correia Azevedo Cunha Monteiro Moura
    Castro Campos Borges Reis Fonseca Magalhães Sousa Coelho Cavalcanti Brandão Figueiredo Tavares Pacheco Leite
    Sampaio Conceição Assunção da_Silva dos_Santos da_Costa de_Souza`),
  slavic: list(`Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski
    Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Pawłowski Michalski Ivanov Smirnov Kuznetsov
    Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov
    Kozlov Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Kovačević Horvat Babić Marić
    Jovanović Petrović Nikolić Ilić Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Oliynyk`),
  turkish: list(`Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin
    Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan Yavuz Acar Şen Aktaş Güler Yalçın Güneş Bozkurt
    Bulut Keskin Ünal Turan Özer`),
  african: list(`Okafor Okonkwo Adeyemi Adebayo Olawale Eze Nwosu Chukwu Ibekwe Obi Balogun Oyelaran Mensah Boateng
    Owusu Asante Osei Appiah Agyeman Danso Ndlovu Dlamini Nkosi Khumalo Mokoena Zulu Mthembu Moyo Banda Phiri Mwangi
    Kamau Otieno Odhiambo Wanjiru Kimani Tesfaye Haile Bekele Girma`),
};

/**
 * Formal given name → the short forms people go by. Both directions occur in the corpus (Robert on one record,
 * Bob on its duplicate, or the reverse). A short form may belong to several formal names (Steve, Chris, Alex).
 */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'], William: ['Bill', 'Will', 'Billy', 'Liam'], Richard: ['Rick', 'Rich', 'Dick'],
  James: ['Jim', 'Jimmy', 'Jamie'], John: ['Jack', 'Johnny'], Michael: ['Mike', 'Mick', 'Mikey'], Thomas: ['Tom', 'Tommy'],
  Joseph: ['Joe', 'Joey'], Charles: ['Charlie', 'Chuck'], Christopher: ['Chris', 'Kit'], Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'], Anthony: ['Tony'], Andrew: ['Andy', 'Drew'], Joshua: ['Josh'], Steven: ['Steve'], Stephen: ['Steve'],
  Kenneth: ['Ken', 'Kenny'], Edward: ['Ed', 'Eddie', 'Ted'], Benjamin: ['Ben', 'Benny'], Samuel: ['Sam', 'Sammy'],
  Nicholas: ['Nick', 'Nicky'], Alexander: ['Alex', 'Xander'], Jonathan: ['Jon'], Timothy: ['Tim', 'Timmy'], Gregory: ['Greg'],
  Patrick: ['Pat', 'Paddy'], Peter: ['Pete'], Raymond: ['Ray'], Ronald: ['Ron', 'Ronnie'], Donald: ['Don', 'Donnie'],
  Gerald: ['Jerry', 'Gerry'], Douglas: ['Doug'], Lawrence: ['Larry'], Frederick: ['Fred', 'Freddie'], Theodore: ['Ted', 'Theo'],
  Zachary: ['Zach', 'Zack'], Nathaniel: ['Nate', 'Nat'], Nathan: ['Nate'], Jeffrey: ['Jeff'], Jacob: ['Jake'],
  Phillip: ['Phil'], Philip: ['Phil'], Leonard: ['Len', 'Lenny'], Vincent: ['Vince', 'Vinny'], Walter: ['Walt', 'Wally'],
  Harold: ['Harry', 'Hal'], Henry: ['Hank', 'Harry'], Eugene: ['Gene'], Francis: ['Frank'], Albert: ['Al', 'Bert'],
  Alfred: ['Alf', 'Fred'], Bradley: ['Brad'], Gabriel: ['Gabe'], Samantha: ['Sam', 'Sammy'], Elizabeth: ['Liz', 'Beth', 'Betty', 'Eliza', 'Lizzie'],
  Margaret: ['Maggie', 'Peggy', 'Meg'], Katherine: ['Kate', 'Katie', 'Kathy', 'Kat'], Catherine: ['Cathy', 'Kate', 'Cat'],
  Kathleen: ['Kathy', 'Kath'], Jennifer: ['Jen', 'Jenny'], Patricia: ['Pat', 'Patty', 'Trish'], Susan: ['Sue', 'Suzy'],
  Deborah: ['Deb', 'Debbie'], Rebecca: ['Becky', 'Becca'], Jessica: ['Jess', 'Jessie'], Victoria: ['Vicky', 'Tori'],
  Christine: ['Chris', 'Chrissy'], Christina: ['Tina', 'Chris'], Kimberly: ['Kim'], Alexandra: ['Alex', 'Lexi', 'Sasha'],
  Jacqueline: ['Jackie'], Abigail: ['Abby'], Dorothy: ['Dot', 'Dottie'], Barbara: ['Barb', 'Babs'], Pamela: ['Pam'],
  Cynthia: ['Cindy'], Judith: ['Judy'], Theresa: ['Terri', 'Tess'], Teresa: ['Terri', 'Tess'], Sandra: ['Sandy'],
  Melissa: ['Mel', 'Missy'], Amanda: ['Mandy'], Stephanie: ['Steph'], Valerie: ['Val'], Madeline: ['Maddie'],
  Allison: ['Ally'], Frances: ['Fran'], Josephine: ['Jo', 'Josie'], Olivia: ['Liv'], Isabella: ['Bella', 'Izzy'],
  Natalie: ['Nat'], Angela: ['Angie'], Virginia: ['Ginny'], Eleanor: ['Ellie', 'Nell'], Caroline: ['Carrie'],
  Gabriella: ['Gabby'], Cameron: ['Cam'], Mitchell: ['Mitch'], Timothée: ['Tim'], Francisco: ['Paco', 'Pancho'],
  José: ['Pepe'], Manuel: ['Manolo'], Ignacio: ['Nacho'], Dolores: ['Lola'], Concepción: ['Concha'],
  Alejandro: ['Alex'], Guillermo: ['Memo'], Giuseppe: ['Beppe', 'Peppe'], Giovanni: ['Gianni'], Alessandro: ['Sandro'],
  Johannes: ['Hannes', 'Jan'], Katharina: ['Kathi', 'Kati'], Stefanie: ['Steffi'], Friedrich: ['Fritz'],
  Dmitri: ['Dima'], Ekaterina: ['Katya'], Aleksandra: ['Ola'], Małgorzata: ['Gosia'], Wojciech: ['Wojtek'],
};

/** A run of phone numbers: the national significant number starts with `prefix` and has `length` digits. */
export interface PhoneArea {
  readonly prefix: string;
  readonly length: number;
  /** How the national significant number is grouped for display; sums to `length`. */
  readonly groups: readonly number[];
  /** Digits the subscriber part may start with (allocated ranges per libphonenumber's metadata); default 2-9. */
  readonly leads?: string;
}

/** What a country contributes: share of companies, people, phones, domains and legal forms. */
export interface CountryProfile {
  readonly code: string;
  /** As CRMs store it in MailingCountry / Country/Region. */
  readonly name: string;
  readonly weight: number;
  readonly callingCode: string;
  /** Dialled before the national number at home and dropped after +CC (ITU-T E.164); empty where there is none. */
  readonly trunk: string;
  /** `nanp` (415) 555-0142, `paren` (11) 2345-6789, `dash` 03-1234-5678, `space` 020 7946 0958. */
  readonly style: 'nanp' | 'paren' | 'dash' | 'space';
  readonly landlines: readonly PhoneArea[];
  readonly mobiles: readonly PhoneArea[];
  readonly tlds: readonly string[];
  /** Equivalent renderings of each legal form; the first is the usual one. */
  readonly legalForms: readonly (readonly string[])[];
  readonly cultures: readonly (readonly [Culture, number])[];
  readonly freeMail: readonly (readonly [string, number])[];
  /** Local industry words and whether they precede the name (Transports Dubois) or follow it (Bauer Logistik). */
  readonly industry?: { readonly words: readonly string[]; readonly before: boolean };
}

const area = (prefix: string, length: number, groups: readonly number[], leads?: string): PhoneArea => ({ prefix, length, groups, ...(leads ? { leads } : {}) });
const nanp = (codes: string): readonly PhoneArea[] => list(codes).map((code) => area(code, 10, [3, 3, 4]));
const globalMail: readonly (readonly [string, number])[] = [['gmail.com', 45], ['yahoo.com', 14], ['hotmail.com', 12], ['outlook.com', 12], ['icloud.com', 5], ['aol.com', 2]];

/** Countries weighted as a North-American-led B2B CRM looks: US heavy, then GB, DE, FR, CA, AU, IN, NL, ... */
export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'US', name: 'United States', weight: 44, callingCode: '1', trunk: '', style: 'nanp',
    landlines: nanp('212 646 718 415 650 408 312 773 617 206 512 214 713 404 305 303 602 702 503 612 919 704 615 215 202 313 801 314'),
    mobiles: nanp('917 347 929 628 872 857 737 469 786 720'), tlds: ['com', 'com', 'com', 'com', 'io', 'co', 'net'],
    legalForms: [['Inc.', 'Inc', 'Incorporated'], ['LLC', 'L.L.C.'], ['Corp.', 'Corporation', 'Corp'], ['Co.', 'Company']],
    cultures: [['anglo', 60], ['hispanic', 14], ['irish', 5], ['indian', 5], ['chinese', 4], ['german', 3], ['italian', 3], ['slavic', 2], ['african', 2], ['arabic', 1], ['japanese', 1]],
    freeMail: globalMail,
  },
  {
    code: 'GB', name: 'United Kingdom', weight: 12, callingCode: '44', trunk: '0', style: 'space',
    landlines: [area('20', 10, [2, 4, 4], '3478'), area('161', 10, [3, 3, 4]), area('121', 10, [3, 3, 4], '234567'), area('131', 10, [3, 3, 4], '2345678'), area('113', 10, [3, 3, 4], '23458'), area('117', 10, [3, 3, 4], '2349'), area('141', 10, [3, 3, 4])],
    mobiles: [area('74', 10, [4, 6]), area('75', 10, [4, 6]), area('77', 10, [4, 6]), area('78', 10, [4, 6]), area('79', 10, [4, 6])],
    tlds: ['co.uk', 'co.uk', 'com', 'uk'], legalForms: [['Ltd', 'Ltd.', 'Limited'], ['PLC', 'plc'], ['LLP']],
    cultures: [['anglo', 70], ['irish', 7], ['indian', 8], ['arabic', 3], ['slavic', 3], ['chinese', 2], ['african', 4], ['french', 1], ['italian', 2]],
    freeMail: [['gmail.com', 40], ['hotmail.co.uk', 14], ['outlook.com', 12], ['yahoo.co.uk', 12], ['btinternet.com', 6], ['icloud.com', 5]],
  },
  {
    code: 'DE', name: 'Germany', weight: 8, callingCode: '49', trunk: '0', style: 'space',
    landlines: [area('30', 10, [2, 8]), area('89', 10, [2, 8]), area('40', 10, [2, 8]), area('69', 10, [2, 8]), area('221', 10, [3, 7]), area('211', 10, [3, 7])],
    mobiles: [area('151', 11, [3, 4, 4]), area('160', 11, [3, 4, 4]), area('170', 11, [3, 4, 4]), area('171', 11, [3, 4, 4]), area('176', 11, [3, 4, 4])],
    tlds: ['de', 'de', 'de', 'com'], legalForms: [['GmbH'], ['AG'], ['GmbH & Co. KG'], ['KG']],
    cultures: [['german', 78], ['turkish', 8], ['slavic', 6], ['italian', 3], ['arabic', 3], ['anglo', 2]],
    freeMail: [['gmail.com', 30], ['gmx.de', 25], ['web.de', 25], ['outlook.de', 8], ['t-online.de', 8], ['yahoo.de', 4]],
    industry: { words: ['Maschinenbau', 'Logistik', 'Technik', 'Bau', 'Versicherungen', 'Handel', 'Elektrotechnik', 'Beratung', 'Immobilien', 'Automobile', 'Lebensmittel', 'Möbelwerke'], before: false },
  },
  {
    code: 'FR', name: 'France', weight: 6, callingCode: '33', trunk: '0', style: 'space',
    landlines: [area('1', 9, [1, 2, 2, 2, 2]), area('2', 9, [1, 2, 2, 2, 2], '2345789'), area('3', 9, [1, 2, 2, 2, 2]), area('4', 9, [1, 2, 2, 2, 2]), area('5', 9, [1, 2, 2, 2, 2], '2345678')], mobiles: [area('6', 9, [1, 2, 2, 2, 2], '2345678'), area('7', 9, [1, 2, 2, 2, 2], '3456789')],
    tlds: ['fr', 'fr', 'com'], legalForms: [['SA', 'S.A.'], ['SAS', 'S.A.S.'], ['SARL']],
    cultures: [['french', 78], ['arabic', 10], ['portuguese', 4], ['italian', 3], ['african', 3], ['anglo', 2]],
    freeMail: [['gmail.com', 35], ['orange.fr', 20], ['free.fr', 12], ['hotmail.fr', 12], ['yahoo.fr', 8], ['laposte.net', 8]],
    industry: { words: ['Transports', 'Conseil', 'Logistique', 'Industries', 'Immobilier', 'Assurances', 'Informatique', 'Bâtiment', 'Électricité', 'Laboratoires'], before: true },
  },
  {
    code: 'CA', name: 'Canada', weight: 6, callingCode: '1', trunk: '', style: 'nanp',
    landlines: nanp('416 647 604 778 514 438 403 587 613 780 905 902'), mobiles: nanp('437 236 825 343'),
    tlds: ['ca', 'ca', 'com'], legalForms: [['Inc.', 'Inc'], ['Ltd.', 'Limited'], ['Corp.', 'Corporation']],
    cultures: [['anglo', 55], ['french', 22], ['chinese', 7], ['indian', 7], ['irish', 4], ['italian', 3], ['hispanic', 2]],
    freeMail: [['gmail.com', 45], ['hotmail.com', 15], ['outlook.com', 12], ['yahoo.ca', 10], ['videotron.ca', 4], ['rogers.com', 5]],
  },
  {
    code: 'AU', name: 'Australia', weight: 5, callingCode: '61', trunk: '0', style: 'space',
    landlines: [area('2', 9, [1, 4, 4], '26789'), area('3', 9, [1, 4, 4], '2589'), area('7', 9, [1, 4, 4], '3457'), area('8', 9, [1, 4, 4], '789')],
    mobiles: [area('4', 9, [3, 3, 3], '2368')],
    tlds: ['com.au', 'com.au', 'com'], legalForms: [['Pty Ltd', 'Pty. Ltd.', 'Pty Limited'], ['Ltd', 'Limited']],
    cultures: [['anglo', 68], ['irish', 6], ['chinese', 8], ['indian', 6], ['italian', 5], ['slavic', 3], ['arabic', 2], ['hispanic', 2]],
    freeMail: [['gmail.com', 45], ['bigpond.com', 12], ['hotmail.com', 12], ['outlook.com', 10], ['yahoo.com.au', 8]],
  },
  {
    code: 'IN', name: 'India', weight: 5, callingCode: '91', trunk: '0', style: 'space',
    landlines: [area('22', 10, [2, 4, 4], '234567'), area('11', 10, [2, 4, 4], '234567'), area('80', 10, [2, 4, 4]), area('44', 10, [2, 4, 4], '234567')],
    mobiles: ['98', '99', '97', '90', '88', '70'].map((p) => area(p, 10, [5, 5])),
    tlds: ['in', 'co.in', 'com'], legalForms: [['Pvt. Ltd.', 'Pvt Ltd', 'Private Limited'], ['Ltd.', 'Limited']],
    cultures: [['indian', 100]], freeMail: [['gmail.com', 60], ['yahoo.co.in', 15], ['rediffmail.com', 10], ['outlook.com', 10]],
  },
  {
    code: 'NL', name: 'Netherlands', weight: 3, callingCode: '31', trunk: '0', style: 'space',
    landlines: [area('20', 9, [2, 3, 4]), area('10', 9, [2, 3, 4]), area('30', 9, [2, 3, 4]), area('70', 9, [2, 3, 4])],
    mobiles: [area('6', 9, [1, 8], '2345')], tlds: ['nl', 'nl', 'com'], legalForms: [['B.V.', 'BV'], ['N.V.', 'NV']],
    cultures: [['dutch', 80], ['turkish', 6], ['arabic', 6], ['german', 3], ['anglo', 3], ['indian', 2]],
    freeMail: [['gmail.com', 40], ['hotmail.nl', 20], ['ziggo.nl', 12], ['kpnmail.nl', 10], ['outlook.com', 10]],
    industry: { words: ['Techniek', 'Bouw', 'Logistiek', 'Advies', 'Installatietechniek', 'Groep', 'Vastgoed'], before: false },
  },
  {
    code: 'ES', name: 'Spain', weight: 2, callingCode: '34', trunk: '', style: 'space',
    landlines: [area('91', 9, [3, 2, 2, 2]), area('93', 9, [3, 2, 2, 2]), area('96', 9, [3, 2, 2, 2])], mobiles: [area('6', 9, [3, 3, 3])],
    tlds: ['es', 'es', 'com'], legalForms: [['S.L.', 'SL'], ['S.A.', 'SA']],
    cultures: [['hispanic', 90], ['arabic', 4], ['anglo', 2], ['slavic', 2], ['portuguese', 2]],
    freeMail: [['gmail.com', 50], ['hotmail.es', 20], ['yahoo.es', 10], ['outlook.es', 10], ['telefonica.net', 5]],
    industry: { words: ['Construcciones', 'Transportes', 'Consultores', 'Logística', 'Inmobiliaria', 'Servicios', 'Alimentación', 'Ingeniería'], before: true },
  },
  {
    code: 'IT', name: 'Italy', weight: 2, callingCode: '39', trunk: '', style: 'space',
    landlines: [area('02', 10, [2, 4, 4]), area('06', 10, [2, 4, 4]), area('011', 10, [3, 3, 4])],
    mobiles: ['33', '34', '32', '38'].map((p) => area(p, 10, [3, 3, 4])), tlds: ['it', 'it', 'com'],
    legalForms: [['S.p.A.', 'SpA'], ['S.r.l.', 'Srl']], cultures: [['italian', 92], ['arabic', 3], ['slavic', 3], ['anglo', 2]],
    freeMail: [['gmail.com', 45], ['libero.it', 20], ['hotmail.it', 12], ['virgilio.it', 8], ['alice.it', 6], ['yahoo.it', 6]],
    industry: { words: ['Costruzioni', 'Trasporti', 'Meccanica', 'Servizi', 'Consulenza', 'Alimentari', 'Arredamenti'], before: true },
  },
  {
    code: 'IE', name: 'Ireland', weight: 1.5, callingCode: '353', trunk: '0', style: 'space',
    landlines: [area('1', 8, [1, 3, 4]), area('21', 9, [2, 3, 4])], mobiles: ['83', '85', '86', '87'].map((p) => area(p, 9, [2, 3, 4])),
    tlds: ['ie', 'ie', 'com'], legalForms: [['Ltd', 'Limited'], ['DAC']],
    cultures: [['irish', 60], ['anglo', 30], ['slavic', 5], ['indian', 3], ['african', 2]],
    freeMail: [['gmail.com', 50], ['hotmail.com', 15], ['eircom.net', 10], ['outlook.com', 10], ['yahoo.ie', 5]],
  },
  {
    code: 'SE', name: 'Sweden', weight: 1.5, callingCode: '46', trunk: '0', style: 'space',
    landlines: [area('8', 9, [1, 3, 3, 2]), area('31', 9, [2, 3, 2, 2]), area('40', 9, [2, 3, 2, 2])],
    mobiles: ['70', '72', '73', '76'].map((p) => area(p, 9, [2, 3, 2, 2])), tlds: ['se', 'se', 'com'],
    legalForms: [['AB', 'Aktiebolag']], cultures: [['nordic', 86], ['arabic', 5], ['slavic', 3], ['turkish', 3], ['anglo', 3]],
    freeMail: [['gmail.com', 50], ['hotmail.se', 20], ['telia.com', 12], ['outlook.com', 10], ['yahoo.se', 5]],
    industry: { words: ['Bygg', 'Teknik', 'Konsult', 'Logistik', 'Fastigheter'], before: false },
  },
  {
    code: 'BR', name: 'Brazil', weight: 1.5, callingCode: '55', trunk: '', style: 'paren',
    landlines: [area('11', 10, [2, 4, 4], '23457'), area('21', 10, [2, 4, 4], '23457'), area('31', 10, [2, 4, 4], '23457')],
    mobiles: ['119', '219', '319'].map((p) => area(p, 11, [2, 5, 4])), tlds: ['com.br', 'com.br', 'com'],
    legalForms: [['Ltda.', 'Ltda'], ['S.A.', 'SA']], cultures: [['portuguese', 85], ['italian', 6], ['german', 3], ['japanese', 3], ['arabic', 3]],
    freeMail: [['gmail.com', 55], ['hotmail.com', 15], ['yahoo.com.br', 10], ['uol.com.br', 8], ['outlook.com', 8]],
    industry: { words: ['Construções', 'Transportes', 'Logística', 'Serviços', 'Tecnologia', 'Alimentos', 'Engenharia'], before: true },
  },
  {
    code: 'MX', name: 'Mexico', weight: 1, callingCode: '52', trunk: '', style: 'space',
    landlines: [area('55', 10, [2, 4, 4]), area('33', 10, [2, 4, 4]), area('81', 10, [2, 4, 4])], mobiles: [area('55', 10, [2, 4, 4])],
    tlds: ['com.mx', 'com.mx', 'mx', 'com'], legalForms: [['S.A. de C.V.', 'SA de CV'], ['S. de R.L.', 'S de RL']],
    cultures: [['hispanic', 98], ['anglo', 2]], freeMail: [['gmail.com', 50], ['hotmail.com', 25], ['outlook.com', 12], ['yahoo.com.mx', 10]],
    industry: { words: ['Construcciones', 'Transportes', 'Servicios', 'Comercializadora', 'Distribuidora', 'Ingeniería'], before: true },
  },
  {
    code: 'JP', name: 'Japan', weight: 1, callingCode: '81', trunk: '0', style: 'dash',
    landlines: [area('3', 9, [1, 4, 4]), area('6', 9, [1, 4, 4])], mobiles: ['90', '80', '70'].map((p) => area(p, 10, [2, 4, 4])),
    tlds: ['co.jp', 'co.jp', 'jp', 'com'], legalForms: [['K.K.', 'Co., Ltd.', 'Kabushiki Kaisha']], cultures: [['japanese', 100]],
    freeMail: [['gmail.com', 45], ['yahoo.co.jp', 30], ['docomo.ne.jp', 10], ['outlook.jp', 10], ['icloud.com', 5]],
  },
  {
    code: 'SG', name: 'Singapore', weight: 1, callingCode: '65', trunk: '', style: 'space',
    landlines: [area('6', 8, [4, 4], '2345')], mobiles: [area('8', 8, [4, 4]), area('9', 8, [4, 4], '2345678')], tlds: ['com.sg', 'sg', 'com'],
    legalForms: [['Pte. Ltd.', 'Pte Ltd', 'Private Limited']], cultures: [['chinese', 70], ['indian', 12], ['arabic', 8], ['anglo', 10]],
    freeMail: [['gmail.com', 55], ['hotmail.com', 15], ['yahoo.com.sg', 10], ['outlook.com', 12], ['singnet.com.sg', 4]],
  },
  {
    code: 'CH', name: 'Switzerland', weight: 1, callingCode: '41', trunk: '0', style: 'space',
    landlines: [area('44', 9, [2, 3, 2, 2]), area('22', 9, [2, 3, 2, 2]), area('61', 9, [2, 3, 2, 2])],
    mobiles: ['76', '77', '78', '79'].map((p) => area(p, 9, [2, 3, 2, 2])), tlds: ['ch', 'ch', 'com'], legalForms: [['AG'], ['GmbH'], ['SA', 'S.A.']],
    cultures: [['german', 60], ['french', 25], ['italian', 12], ['slavic', 3]],
    freeMail: [['gmail.com', 40], ['bluewin.ch', 25], ['gmx.ch', 12], ['hotmail.com', 10], ['outlook.com', 8]],
  },
];

/** Free-mail providers known to the generator; Gmail ignores dots in the local part (the gmail-dots perturbation). */
export const GMAIL_DOMAINS = ['gmail.com', 'googlemail.com'] as const;

/** Invented brand names are head+tail (Nexora, Bluewave); the rest of the company pools. */
export const COMPANY_POOLS = {
  brandHeads: list(`Ver Nex Omni Zen Quant Lum Sol Arc Nov Cor Vel Tri Syn Alt Bright Clear Blue Red Green True Prime
    Peak Core Data Cloud Flex Smart Swift Iron Silver Stone Ever North South East West Sun Star Sky Ocean River Oak
    Pine Maple Cedar Fox Wolf Hawk Eagle Bear Lion Apex Aero Astra Cyber Delta Echo Evo Fusion Helio Hyper Infini
    Kine Luma Meta Mono Neo Opti Para Pixel Quanta Rapid Terra Ultra Uni Vanta Vita Volt Xeno Zeta`),
  brandTails: list(`tek ora ify ium ex io ara ent is ix on ly wise works point path line gate bridge field stone wave
    light mark vista scape forge stack hub sphere logic nova bay crest view wind leaf ridge lab loop mind craft base
    cast shift grid pulse sync flow`),
  industries: list(`Analytics Software Systems Solutions Technologies Labs Logistics Consulting Partners Group Holdings
    Capital Ventures Health Medical Pharma Foods Brewing Energy Solar Engineering Construction Manufacturing Industries
    Robotics Media Studios Marketing Insurance Financial Realty Properties Retail Apparel Motors Aerospace Networks
    Security Data Cloud Biosciences Design Architects Advisors Travel Hospitality Education Learning Telecom Freight
    Supply Packaging Chemicals Textiles Farms Outfitters Dental Diagnostics Instruments Materials Plastics Metals
    Electric Controls Automation Interiors Homes Builders Landscaping Catering Events Staffing Recruiting Accounting`),
  adjectives: list(`Blue Red Green Golden Silver Northern Southern Eastern Western Pacific Atlantic Summit Granite Cedar
    Maple Pine Oak Iron Stone Bright Clear Crystal Evergreen Harbor Lake River Canyon Prairie Mountain Valley Coastal
    Urban Royal Liberty Pioneer Heritage Frontier Keystone Sterling Copper Amber Cobalt Hidden Silent Quiet Bold
    Open Second First Grand High`),
  nouns: list(`Ridge Point Bay Creek Harbor Peak Field Grove Bridge Gate Rock Crest Hill Meadow Forest Shore Springs
    Falls Park Works Star Arrow Lantern Anchor Compass Beacon Tree Leaf Wave Wind Mill Forge Path Trail Key Circle
    Square Tower Castle Haven Hollow Orchard`),
  /** Appended when a generated name is already taken by another company. */
  qualifiers: list(`International Global Worldwide Americas Europe Pacific Midwest Northeast Southwest Coastal
    Regional National Metro Continental Atlantic Alpine Central Northern Southern`),
} as const;

/** Job titles, most common first. */
export const TITLES = list(`CEO CFO CTO COO Founder Co-Founder President Vice_President_of_Sales VP_Marketing
  VP_Engineering Director_of_Operations Head_of_Procurement Head_of_IT IT_Manager Operations_Manager Office_Manager
  Sales_Manager Account_Executive Account_Manager Sales_Representative Business_Development_Manager Marketing_Manager
  Marketing_Coordinator Product_Manager Project_Manager Software_Engineer Senior_Software_Engineer Data_Analyst
  Financial_Controller Accountant HR_Manager Recruiter Customer_Success_Manager Support_Specialist Buyer
  Purchasing_Manager Plant_Manager Logistics_Coordinator Consultant Partner Managing_Director General_Counsel
  Executive_Assistant Facilities_Manager Chief_Revenue_Officer Regional_Sales_Director`);
